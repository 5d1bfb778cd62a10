"""Common European given names, written for graphkit (not taken from any data set): with the
first names of the MEPs and officials in the file being read, they tell a person named in an
attendee list (``Phillip Malloch``) from an organisation.

A fixed list, so that a file reads the same in every ingest. Names that are also words in
organisations' names (``Max`` of ``Max Havelaar``, ``Mercedes``, ``Victoria``) are left out.
"""

from __future__ import annotations

COMMON_GIVEN_NAMES = frozenset(
    """
    aaron adam adrian adriana agnieszka agnès alain alberto aleksandra alessandra alessandro alex
    alexander alexandra alexandre alexis alice alicia alina alison amanda ana anders andrea andreas
    andrei andrew anni andrzej angela angelika ann anna anne annette anton antonio arnaud arthur astrid
    barbara bart bartosz beata beatriz ben benedikt benjamin benoît bernard bernd birgit björn bruno
    camille carina carla carlos carmen caroline carsten catherine cecilia charles charlotte chris
    christina christine christoph christophe christopher claire clara claudia claus constance cristina
    dagmar dan daniel daniela david denis diana dimitri dimitris dirk dominik dominique dorota
    edward elena elisa elisabeth elizabeth ellen emilie emma emmanuel eric erik esther eva ewa fabian
    fabio federica federico felix filip florian francesca francesco francisco françois frank franz
    frederik gabriel gabriele georg george georgios gerhard gianluca giorgio giovanni giulia giuseppe
    grzegorz guillaume gunnar hanna hannah hans harald heike helen helena helmut henri henrik hugo
    ian ines ingrid irene isabel isabelle ivan jakob jakub james jan jana jane jens jeroen joanna
    joao johan johanna john jonas jonathan jorge josef joseph josé juan julia julian julie juliette
    jürgen karen karin karl karolina kasper katarina katarzyna katharina kathrin katrin kevin klaus
    krzysztof kurt lars laura laurent lea lena leo linda lisa lorenzo louise luca lucas lucia ludovic
    luis lukas maciej magdalena maja malgorzata manuel marc marcel marco marcus margarida margarete
    maria marie marina mario marion mark markus marta martin martina mathieu matthias maurizio
    michael michal michel michele miguel mikael milan miriam monika nadia natalia nathalie nicola
    nicolas niels nikolaos nils nina olaf olga oliver olivier pablo paola pascal patricia patrick
    paul paula paulo pavel pedro peter petra philip philipp philippe phillip pierre piotr rafael
    rainer ralf raphael raquel rebecca reinhard renate ricardo richard rita robert roberto roland
    roman rosa ruth sabine sandra sara sarah sebastian sergio silvia simon simone sofia sophie stefan
    stefano stephan stephanie steven susanne svenja sylvie tamara thierry thomas tim tobias tomas
    tomasz torsten ulrich ulrike ursula valentina valérie vanessa vera veronika vincent virginie
    walter werner wim wojciech wolfgang xavier yann yves zoltan zuzana
    """.split()
)
