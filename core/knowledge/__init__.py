"""The knowledge file (knowledge/knowledge.yml): schema, validated content, cached store."""
