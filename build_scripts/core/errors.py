"""The one kind of stop the build makes on purpose: BuildStopped. Every stage's own stop is a BuildStopped.

Its text says what is wrong and how to mend it; the command line prints it and the closing line (`closing`, a key
of the language files' messages), and exits 1, never with a traceback. A stop that prints its problems itself
(validation) has an empty text.
"""


class BuildStopped(Exception):
    closing = "nothing_published"
