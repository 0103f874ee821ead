"""FreshRSS, through its Google Reader compatible API (``/api/greader.php``).

Built from FreshRSS's API documentation (docs/en/developers/06_GoogleReader_API.md) and its
implementation (p/api/greader.php), version 1.24.3.
"""

from integrations.freshrss.definition import FreshRSS

integration = FreshRSS()
