package graphkit.testserver;

import java.util.Optional;

import org.neo4j.configuration.Config;
import org.neo4j.gds.applications.operations.FeatureTogglesRepository;
import org.neo4j.gds.core.model.OpenModelCatalog;
import org.neo4j.gds.core.write.NativeExportBuildersProvider;
import org.neo4j.gds.metrics.Metrics;
import org.neo4j.gds.procedures.integration.DefaultExportLocation;
import org.neo4j.gds.procedures.integration.LogAccessor;
import org.neo4j.gds.procedures.integration.OpenGraphDataScienceExtensionBuilder;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.extension.ExtensionFactory;
import org.neo4j.kernel.extension.context.ExtensionContext;
import org.neo4j.kernel.lifecycle.Lifecycle;
import org.neo4j.logging.internal.LogService;

/**
 * Registers the open-source Graph Data Science procedures' shared component in the embedded DBMS.
 *
 * <p>The GDS plugin jar that Neo4j's download page ships contains such an extension; the Maven Central
 * modules do not, so the test server provides it (found through META-INF/services) while the procedure
 * classes themselves are loaded from the plugins directory.
 */
public final class OpenGdsExtension extends ExtensionFactory<OpenGdsExtension.Dependencies> {

    public OpenGdsExtension() {
        super("graphkit.gds.open");
    }

    @Override
    public Lifecycle newInstance(ExtensionContext context, Dependencies dependencies) {
        var log = new LogAccessor().getLog(dependencies.logService(), getClass());
        var configuration = dependencies.config();
        var builderAndProducts = OpenGraphDataScienceExtensionBuilder.create(
                log,
                dependencies.globalProcedures(),
                configuration,
                (database, config) -> new NativeExportBuildersProvider(),
                new DefaultExportLocation(log, configuration),
                new FeatureTogglesRepository(),
                Metrics.DISABLED,
                new OpenModelCatalog(),
                model -> {
                    throw new UnsupportedOperationException("storing models is not part of open GDS");
                },
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        return builderAndProducts.getLeft().build();
    }

    /** What the extension needs from the DBMS. */
    public interface Dependencies {
        Config config();

        GlobalProcedures globalProcedures();

        LogService logService();
    }
}
