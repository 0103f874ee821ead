"""Minecraft: a server's status as the multiplayer server list asks for it, over Minecraft's own
protocols (no HTTP).

Built from the Minecraft Wiki's protocol documentation: "Java Edition protocol/Server List Ping"
(https://minecraft.wiki/w/Java_Edition_protocol/Server_List_Ping, the 1.7+ handshake and status
exchange over TCP 25565) with "Java Edition protocol/Data types" (VarInt, String), and "RakNet"
(https://minecraft.wiki/w/RakNet, Unconnected Ping/Pong over UDP 19132) for Bedrock Edition,
which mcstatus (>= 11) speaks; mcstatus's MOTD parser turns text components into plain text.
"""

from integrations.minecraft.definition import Minecraft

integration = Minecraft()
