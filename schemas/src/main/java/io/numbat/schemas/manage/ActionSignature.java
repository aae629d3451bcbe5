package io.numbat.schemas.manage;

import io.numbat.schemas.OperatorAction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks an {@link OperatorAction} with the operator token, so the token never travels on a topic: the
 * signature is the hex HMAC-SHA256, keyed by the token, of the action's canonical form, which covers every field
 * but the signature itself (request id, who, timestamp, node, pid, action, reason, dry run, deadline). Each field
 * is written as its UTF-8 length, a colon and its bytes, so no two different actions share a canonical form.
 */
public final class ActionSignature {
    private static final String ALGORITHM = "HmacSHA256";
    /** Starts the canonical form, so a later layout can never be taken for this one. */
    private static final String VERSION = "numbat-action-v1";

    private ActionSignature() {}

    /** The hex signature of {@code action} (its {@code signature} field is not read). */
    public static String sign(OperatorAction action, byte[] token) {
        return HexFormat.of().formatHex(mac(action, token));
    }

    /** A copy of {@code action} carrying its signature. */
    public static OperatorAction signed(OperatorAction action, byte[] token) {
        return OperatorAction.newBuilder(action)
                .setSignature(sign(action, token))
                .build();
    }

    /** Whether {@code action} carries the signature {@code token} gives it; compared in constant time. */
    public static boolean verify(OperatorAction action, byte[] token) {
        String given = action.getSignature();
        if (given == null || given.length() != 64) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(given);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(action, token), presented);
    }

    /** The bytes that are signed. */
    static byte[] canonical(OperatorAction a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, VERSION);
        field(out, a.getRequestId());
        field(out, a.getWho());
        field(out, Long.toString(a.getTimestamp().toEpochMilli()));
        field(out, a.getNode());
        field(out, a.getPid() == null ? "-" : "+" + a.getPid());
        field(out, a.getAction().name());
        field(out, a.getReason());
        field(out, Boolean.toString(a.getDryRun()));
        field(out, Long.toString(a.getDeadline().toEpochMilli()));
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        out.write(':');
        out.writeBytes(bytes);
    }

    private static byte[] mac(OperatorAction action, byte[] token) {
        if (token == null || token.length == 0) {
            throw new IllegalArgumentException("the operator token is empty");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(token, ALGORITHM));
            return mac.doFinal(canonical(action));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK has no usable " + ALGORITHM, e);
        }
    }
}
