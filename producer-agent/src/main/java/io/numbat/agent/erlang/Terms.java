package io.numbat.agent.erlang;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.util.Optional;
import java.util.OptionalDouble;

/** Small readers for Erlang terms: numbers, tuple elements and proplist values, each absent when the shape differs. */
final class Terms {
    private Terms() {}

    /** An integer (of any size) as a double; empty for anything else ({@code undefined}, a tuple...). */
    static OptionalDouble number(OtpErlangObject o) {
        if (o instanceof OtpErlangLong l) {
            return OptionalDouble.of(l.bigIntegerValue().doubleValue());
        }
        return OptionalDouble.empty();
    }

    /** Element {@code i} (0-based) of a tuple, empty when {@code o} is no tuple or too short. */
    static Optional<OtpErlangObject> element(OtpErlangObject o, int i) {
        if (o instanceof OtpErlangTuple t && i < t.arity()) {
            return Optional.of(t.elementAt(i));
        }
        return Optional.empty();
    }

    /** The value of {@code key} in a proplist of 2-tuples, empty when missing. */
    static Optional<OtpErlangObject> value(OtpErlangObject proplist, String key) {
        if (proplist instanceof OtpErlangList list) {
            for (OtpErlangObject e : list) {
                if (e instanceof OtpErlangTuple t
                        && t.arity() == 2
                        && t.elementAt(0) instanceof OtpErlangAtom a
                        && a.atomValue().equals(key)) {
                    return Optional.of(t.elementAt(1));
                }
            }
        }
        return Optional.empty();
    }

    static OtpErlangAtom atom(String name) {
        return new OtpErlangAtom(name);
    }
}
