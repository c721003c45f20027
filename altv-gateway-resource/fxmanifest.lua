-- FiveM: the economy gateway (server only). Settings are convars (server.cfg: set economy_backend_url "...",
-- set economy_game_client_secret "..."; use `set`, never `setr`/`sets`, so that nothing reaches clients).
fx_version 'cerulean'
game 'gta5'
name 'economy-gateway'
description 'The economy backend on this game server: money commands batched, journaled and sent exactly once'
version '0.1.0'

server_only 'yes'
node_version '22'
server_script 'dist/fivem/server.js'
