"""The parts of UrBackup Server's web interface API answers Tilewire reads (``/x?a=<action>``).

Written from the server's own source, uroni/urbackup_backend branch 2.5.x (server 2.5.33):
``urbackupserver/serverinterface/{salt,login,status,progress,usage}.cpp``. The server writes
its JSON objects with their keys in alphabetical order, integers as integers and doubles
with six significant digits (``5.36871e+10``).
"""

from __future__ import annotations

from integrations.base import UpstreamModel


class Salt(UpstreamModel):
    """``a=salt`` (``username``): a new session (``ses``) for the login, the user's password
    salt and PBKDF2 rounds, and the one-time ``rnd`` the login hash includes; or ``error``
    (0: no such user, 1: no session, 3: this address is locked out for failed logins)."""

    ses: str | None = None
    salt: str | None = None
    pbkdf2_rounds: int = 0
    rnd: str | None = None
    error: int | None = None


class Login(UpstreamModel):
    """``a=login``: ``success`` and the user's rights by domain (``"all"``, ``"none"`` or
    client ids ``"1,2"``); without a username (anonymous), the new ``session`` when the
    server has no user account; or ``error`` (1: no session, 2: wrong password, 3: locked
    out). While the server builds its file index or upgrades its database it answers with
    those states instead."""

    success: bool | None = None
    session: str | None = None
    error: int | None = None
    status: str | None = None
    """The ``status`` right: which clients this user sees in ``a=status``."""
    progress: str | None = None
    admin_only: str | None = None
    """The one user's name, when there is one user (and user names may be shown)."""
    ldap_enabled: bool = False
    creating_filescache: bool = False
    upgrading_database: bool = False
    curr_db_version: int | None = None
    target_db_version: int | None = None


class ClientProcess(UpstreamModel):
    action: int
    pcdone: int = -1


class ClientStatus(UpstreamModel):
    """One entry of ``status``. A client that connected but is not accepted (``rejected``)
    has ``"-"`` for its id and backup times."""

    id: int | str
    name: str
    lastbackup: int | str = 0
    """Epoch seconds of the last file backup; 0 when there is none."""
    lastbackup_image: int | str = 0
    lastseen: int | str = 0
    online: bool = False
    file_ok: bool = False
    """A recent enough file backup exists (per the client's backup interval)."""
    image_ok: bool = False
    file_disabled: bool = False
    image_disabled: bool = False
    image_not_supported: bool = False
    no_backup_paths: bool = False
    last_filebackup_issues: int = 0
    delete_pending: int | str = 0
    """``"1"`` (a string from the database) when the client is to be removed."""
    rejected: bool = False
    groupname: str = ""
    os_simple: str = ""
    os_version_string: str = ""
    client_version_string: str = ""
    processes: list[ClientProcess] = []


class Status(UpstreamModel):
    """``a=status``. ``curr_version_*`` is the newest release the server's update check found
    (not the running version), sent to administrators only until they dismiss it."""

    status: list[ClientStatus] = []
    server_identity: str | None = None
    admin: bool = False
    no_images: bool = False
    no_file_backups: bool = False
    nospc_stalled: bool = False
    nospc_fatal: bool = False
    database_error: bool = False
    curr_version_str: str | None = None


class Process(UpstreamModel):
    """One entry of ``progress``: a running backup, restore or server task."""

    name: str = ""
    """The client's name (empty for a server task)."""
    clientid: int = 0
    action: int
    pcdone: int = -1
    """Percent done; -1 while unknown."""
    details: str = ""
    total_bytes: int = -1
    done_bytes: int = 0
    eta_ms: int = 0
    speed_bpms: float = 0.0
    """Bytes per millisecond."""
    paused: bool = False
    queue: int = 0


class Progress(UpstreamModel):
    """``a=progress`` (with ``with_lastacts=0``)."""

    progress: list[Process] = []


class ClientUsage(UpstreamModel):
    name: str
    used: float = 0.0
    files: float = 0.0
    images: float = 0.0


class Usage(UpstreamModel):
    """``a=usage``: storage per client, largest first; ``usage`` only with the ``piegraph``
    right."""

    usage: list[ClientUsage] | None = None
