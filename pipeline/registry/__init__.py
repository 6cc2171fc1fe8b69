"""The registry (mirrors patterns/registry/): institutions and places (gazetteer), laws, canonical names."""
