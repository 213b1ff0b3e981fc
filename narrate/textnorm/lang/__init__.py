"""Rules for Spanish, French and German, one module per class of written form.

``registry.rules(lang)`` orders the classes by named priority; each class module builds its
rules from the language's data file (``data/<code>.toml``).
"""
