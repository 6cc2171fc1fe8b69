"""The patterns/ folder as Python sees it: YAML reading with line numbers, lexicons, suffix morphology."""
