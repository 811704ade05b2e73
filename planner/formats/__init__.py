"""The scenario and plan documents: JSON shape, references, reading and writing."""
