"""The MediaBrowser servers, Jellyfin and Emby (Jellyfin forked Emby and kept its API): one
client, one set of endpoints and one set of models; each server's package names its headers,
its path prefix and where its API keys are made."""
