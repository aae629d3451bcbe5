package io.numbat.platform;

import java.util.List;

/**
 * The {@link ParentWatch} of an {@code erl} node: {@code erl} arguments that start, in the node, a
 * process that checks once a second whether a given OS process (the JVM that owns the node) still
 * exists, and halts the node when it does not. An Erlang node may be re-parented (started through
 * {@code sh} and {@code nohup}, as the deployer's local provider does), so no pipe or parent-death
 * signal reaches it; this check does. A pid reused within the second after the owner died would keep
 * the node alive: on Linux, pids are reused only after the whole range has been used.
 */
public final class ErlangParentWatch {
    private ErlangParentWatch() {}

    /** The arguments for a node that should end with this JVM. */
    public static List<String> erlArgs() {
        return erlArgs(ProcessHandle.current().pid());
    }

    /** The arguments for a node that should end with OS process {@code ownerPid}. */
    public static List<String> erlArgs(long ownerPid) {
        if (ownerPid <= 0) {
            throw new IllegalArgumentException("owner pid must be positive, was " + ownerPid);
        }
        return List.of(
                "-eval",
                "P = \"/proc/" + ownerPid + "\", spawn(fun() -> W = fun W() -> "
                        + "receive after 1000 -> ok end, case file:read_file_info(P) of {ok, _} -> W(); _ -> erlang:halt(1) end "
                        + "end, W() end).");
    }
}
