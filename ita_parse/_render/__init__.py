"""Renderers: reports and findings → json, jsonl, csv, text, SARIF."""
