package io.numbat.console.api;

import io.numbat.schemas.Severity;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Query parameters of the API, read strictly: a malformed one is a 400 with the reason. */
final class Params {
    private Params() {}

    /**
     * Refuses a query string that does not decode ({@code ?q=%ZZ}) with 400, before any handler reads a
     * parameter (Vert.x would throw from every {@code getParam}, also the access guard's and the body handler's).
     */
    static void refuseMalformedQuery(RoutingContext ctx) {
        try {
            ctx.request().params();
        } catch (IllegalArgumentException e) {
            ApiError.send(ctx, 400, "malformed query string: " + e.getMessage());
            return;
        }
        ctx.next();
    }

    /** The parameter's value, or null when absent or empty. */
    static String text(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        return v == null || v.isEmpty() ? null : v;
    }

    static int integer(RoutingContext ctx, String name, int dflt, int min, int max) {
        String v = text(ctx, name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ApiError.badRequest(name + " must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be an integer, got '" + v + "'");
        }
    }

    static Severity severity(RoutingContext ctx) {
        String v = text(ctx, "severity");
        if (v == null) {
            return null;
        }
        try {
            return Severity.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("severity must be minor, major or critical, got '" + v + "'");
        }
    }

    /** A path segment that may hold a slash, encoded or not ({@code web-1@sim/process_limit}). */
    static String path(RoutingContext ctx, String name) {
        String v = ctx.pathParam(name);
        return v.contains("%") ? URLDecoder.decode(v.replace("+", "%2B"), StandardCharsets.UTF_8) : v;
    }
}
