// The shared test fixtures (Eventually, FreePort, PeerProcess, ...) for every file of this project.
global using GroundStation.Testing;
