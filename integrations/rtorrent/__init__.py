"""rTorrent (and ruTorrent in front of it), through rTorrent's XML-RPC interface.

Built from the rTorrent XML-RPC documentation (rtorrent-docs: d.multicall2, throttle.*,
system.client_version; d.state, d.complete, d.is_active, d.hashing, d.message; d.start, d.stop,
d.resume; system.multicall) for rTorrent 0.9.8, and verified against a running rTorrent 0.9.8
behind lighttpd's SCGI mount.
"""

from integrations.rtorrent.definition import RTorrent

integration = RTorrent()
