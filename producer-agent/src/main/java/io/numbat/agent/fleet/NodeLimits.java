package io.numbat.agent.fleet;

/** The BEAM defaults a simulated node runs with (those of a stock OTP 25 node). */
final class NodeLimits {
    static final double PROCESS_LIMIT = 262_144;
    static final double PORT_LIMIT = 65_536;
    static final double ATOM_LIMIT = 1_048_576;
    static final double ETS_LIMIT = 8_192;
    /** Memory a simulated node may use before the host runs out: 4 GiB. */
    static final double MEMORY_LIMIT = 4L * 1024 * 1024 * 1024;

    private NodeLimits() {}
}
