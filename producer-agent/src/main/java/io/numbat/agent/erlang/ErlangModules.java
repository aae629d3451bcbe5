package io.numbat.agent.erlang;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangString;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads an Erlang module, shipped as source in the agent's resources, into a running node: the
 * node's own compiler does the work ({@code erl_scan:string}, {@code erl_parse:parse_form} per form,
 * {@code compile:forms}, {@code code:load_binary}), so the module matches the node's OTP version.
 * A module whose {@code vsn()} already matches (the hash of the source) is left alone.
 */
final class ErlangModules {
    private ErlangModules() {}

    /** Reads {@code /io/numbat/agent/erlang/<module>.erl} with {@code @VSN@} replaced by the source's hash. */
    static String source(String module) {
        try (InputStream in = ErlangModules.class.getResourceAsStream(module + ".erl")) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + module + ".erl");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("@VSN@", hash(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes sure {@code module} (resource source) is loaded on the node, compiling it there if needed. */
    static void ensureLoaded(ErlangRpc rpc, String module) throws ErlangRpcException {
        String source = source(module);
        String vsn = source.substring(source.indexOf("vsn() -> <<\"") + 12, source.indexOf("\">>."));
        try {
            OtpErlangObject loaded = rpc.call(module, "vsn");
            if (loaded instanceof OtpErlangBinary b
                    && new String(b.binaryValue(), StandardCharsets.UTF_8).equals(vsn)) {
                return;
            }
        } catch (ErlangRpcException e) {
            if (e.connectionLost()) {
                throw e;
            }
            // not loaded yet (undef): compile it below
        }
        OtpErlangObject scanned = rpc.call("erl_scan", "string", new OtpErlangString(source));
        if (!(scanned instanceof OtpErlangTuple t
                && t.arity() == 3
                && t.elementAt(1) instanceof OtpErlangList tokens)) {
            throw new ErlangRpcException(rpc.node() + ": cannot scan " + module + ": " + scanned, false);
        }
        List<OtpErlangObject> forms = new ArrayList<>();
        List<OtpErlangObject> form = new ArrayList<>();
        for (OtpErlangObject token : tokens) {
            form.add(token);
            if (token instanceof OtpErlangTuple tok && new OtpErlangAtom("dot").equals(tok.elementAt(0))) {
                OtpErlangObject parsed =
                        rpc.call("erl_parse", "parse_form", new OtpErlangList(form.toArray(OtpErlangObject[]::new)));
                forms.add(okValue(rpc, module, "parse", parsed));
                form.clear();
            }
        }
        OtpErlangObject compiled = rpc.call(
                "compile",
                "forms",
                new OtpErlangList(forms.toArray(OtpErlangObject[]::new)),
                new OtpErlangList(new OtpErlangObject[] {Terms.atom("binary"), Terms.atom("return_errors")}));
        if (!(compiled instanceof OtpErlangTuple c
                && c.arity() == 3
                && c.elementAt(2) instanceof OtpErlangBinary beam)) {
            throw new ErlangRpcException(rpc.node() + ": cannot compile " + module + ": " + compiled, false);
        }
        rpc.call("code", "purge", Terms.atom(module));
        OtpErlangObject load =
                rpc.call("code", "load_binary", Terms.atom(module), new OtpErlangString(module + ".erl"), beam);
        if (!(load instanceof OtpErlangTuple l && Terms.atom("module").equals(l.elementAt(0)))) {
            throw new ErlangRpcException(rpc.node() + ": cannot load " + module + ": " + load, false);
        }
    }

    private static OtpErlangObject okValue(ErlangRpc rpc, String module, String step, OtpErlangObject result)
            throws ErlangRpcException {
        if (result instanceof OtpErlangTuple t
                && t.arity() == 2
                && Terms.atom("ok").equals(t.elementAt(0))) {
            return t.elementAt(1);
        }
        throw new ErlangRpcException(rpc.node() + ": cannot " + step + " " + module + ": " + result, false);
    }
}
