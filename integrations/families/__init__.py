"""Code that several integrations share because their services share an API: a family's
``definition``, ``client`` and ``models`` modules, laid out as an integration's are.

An integration package never imports another one; it imports its family instead. The
families are not integrations: the registry does not look for one here.
"""
