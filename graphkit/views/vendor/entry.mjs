// What graphkit's view needs from sigma.js and graphology, as one global: graphkitRenderer.
export { default as Graph } from "graphology";
export { default as Sigma } from "sigma";
export { EdgeLineProgram, EdgeRectangleProgram, EdgeArrowProgram, NodeCircleProgram, NodePointProgram } from "sigma/rendering";
