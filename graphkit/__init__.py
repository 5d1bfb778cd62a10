"""graphkit: turn EU lobbying records into a graph and ask it questions.

>>> import graphkit
>>> graphkit.__version__
'0.1.0'
"""

# Importing graphkit loads nothing heavy (every command starts from here); the native libraries'
# load order is kept by graphkit.native.preload, called by the commands that need it.

__version__ = "0.1.0"
