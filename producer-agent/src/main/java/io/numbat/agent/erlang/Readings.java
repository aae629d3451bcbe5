package io.numbat.agent.erlang;

import com.ericsson.otp.erlang.OtpErlangObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The raw answers of one tick, by item: {@code memory} ({@code erlang:memory/0}), the
 * {@code erlang:system_info/1} items and the {@code erlang:statistics/1} items. An item the node
 * could not give is absent.
 */
final class Readings {
    static final String MEMORY = "memory";
    static final List<String> SYSTEM_INFO = List.of(
            "process_count",
            "process_limit",
            "port_count",
            "port_limit",
            "atom_count",
            "atom_limit",
            "ets_count",
            "ets_limit");
    static final List<String> STATISTICS = List.of(
            "run_queue",
            "reductions",
            "context_switches",
            "garbage_collection",
            "io",
            "wall_clock",
            "scheduler_wall_time");

    private final Map<String, OtpErlangObject> terms = new LinkedHashMap<>();

    /**
     * One RPC per item ({@code erlang:memory()}, {@code erlang:system_info(Item)},
     * {@code erlang:statistics(Item)}). An item the node refuses (badarg or undef on an older OTP) stays
     * absent; a lost connection or a timeout ends the tick with the exception.
     */
    static Readings read(ErlangRpc rpc) throws ErlangRpcException {
        Readings r = new Readings();
        r.read(rpc, MEMORY, "memory");
        for (String item : SYSTEM_INFO) {
            r.read(rpc, item, "system_info", Terms.atom(item));
        }
        for (String item : STATISTICS) {
            r.read(rpc, item, "statistics", Terms.atom(item));
        }
        return r;
    }

    private void read(ErlangRpc rpc, String item, String function, OtpErlangObject... args) throws ErlangRpcException {
        try {
            terms.put(item, rpc.call("erlang", function, args));
        } catch (ErlangRpcException e) {
            if (e.connectionLost()) {
                throw e;
            }
        }
    }

    Readings put(String item, OtpErlangObject term) {
        terms.put(item, term);
        return this;
    }

    Optional<OtpErlangObject> get(String item) {
        return Optional.ofNullable(terms.get(item));
    }
}
