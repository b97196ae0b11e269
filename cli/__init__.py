"""The `switchboard` command line: the composition root that wires settings, graph/, store/ and features."""
