"""graphkit: turn EU lobbying records into a graph and ask it questions.

>>> import graphkit
>>> graphkit.__version__
'0.1.0'
"""

__version__ = "0.1.0"
