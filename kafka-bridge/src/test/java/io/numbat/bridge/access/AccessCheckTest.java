package io.numbat.bridge.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.bridge.access.AccessCheck.Verdict;
import io.vertx.core.http.HttpMethod;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessCheckTest {
    private static final AccessCheck.Refusal UNUSED = (ctx, status, reason) -> {
        throw new AssertionError("not answered in these tests");
    };

    private static AccessCheck check(Optional<String> token, boolean loopbackOnly) {
        return new AccessCheck("test", token, loopbackOnly, UNUSED);
    }

    private static Verdict verdict(
            AccessCheck check, HttpMethod method, String path, String authorization, String param) {
        return check.verdict(method, path, authorization, () -> param);
    }

    @Test
    void withoutATokenEverythingPasses() {
        AccessCheck open = check(Optional.empty(), true);
        assertThat(verdict(open, HttpMethod.POST, "/api/families/web/scale", null, null))
                .isEqualTo(Verdict.ALLOWED);
        assertThat(verdict(open, HttpMethod.GET, "/api/nodes", "Bearer whatever", null))
                .isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void onLoopbackReadsAreOpenAndActionsNeedTheToken() {
        AccessCheck loopback = check(Optional.of("s3cret"), true);
        assertThat(verdict(loopback, HttpMethod.GET, "/api/nodes", null, null)).isEqualTo(Verdict.ALLOWED);
        assertThat(verdict(loopback, HttpMethod.HEAD, "/api/nodes", null, null)).isEqualTo(Verdict.ALLOWED);
        assertThat(verdict(loopback, HttpMethod.POST, "/api/x", null, null)).isEqualTo(Verdict.MISSING);
        assertThat(verdict(loopback, HttpMethod.DELETE, "/api/x", "Basic dXNlcjpwYXNz", null))
                .isEqualTo(Verdict.MISSING);
        assertThat(verdict(loopback, HttpMethod.POST, "/api/x", "Bearer nope", null))
                .isEqualTo(Verdict.WRONG);
        assertThat(verdict(loopback, HttpMethod.POST, "/api/x", "Bearer ", null))
                .isEqualTo(Verdict.WRONG);
        assertThat(verdict(loopback, HttpMethod.POST, "/api/x", "Bearer s3cret", null))
                .isEqualTo(Verdict.ALLOWED);
        assertThat(verdict(loopback, HttpMethod.PUT, "/api/x", "bearer s3cret ", null))
                .as("the scheme is case-insensitive")
                .isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void beyondLoopbackEveryRequestButTheHealthProbesNeedsTheToken() {
        AccessCheck everywhere = check(Optional.of("s3cret"), false);
        assertThat(verdict(everywhere, HttpMethod.GET, "/api/nodes", null, null))
                .isEqualTo(Verdict.MISSING);
        assertThat(verdict(everywhere, HttpMethod.GET, "/", null, null)).isEqualTo(Verdict.MISSING);
        assertThat(verdict(everywhere, HttpMethod.GET, "/api/nodes", "Bearer s3cret", null))
                .isEqualTo(Verdict.ALLOWED);
        for (String probe : new String[] {"/health", "/health/live", "/health/ready"}) {
            assertThat(verdict(everywhere, HttpMethod.GET, probe, null, null))
                    .as(probe)
                    .isEqualTo(Verdict.ALLOWED);
        }
        assertThat(verdict(everywhere, HttpMethod.POST, "/health", null, null)).isEqualTo(Verdict.MISSING);
    }

    @Test
    void theQueryTokenCountsOnlyWhereAcceptedAndOnlyForAGetWithoutAHeader() {
        AccessCheck header = check(Optional.of("s3cret"), false);
        AccessCheck query = header.acceptingQueryToken();
        assertThat(verdict(header, HttpMethod.GET, "/api/events", null, "s3cret"))
                .isEqualTo(Verdict.MISSING);
        assertThat(verdict(query, HttpMethod.GET, "/api/events", null, "s3cret"))
                .isEqualTo(Verdict.ALLOWED);
        assertThat(verdict(query, HttpMethod.GET, "/api/events", null, "nope")).isEqualTo(Verdict.WRONG);
        assertThat(verdict(query, HttpMethod.POST, "/api/x", null, "s3cret"))
                .as("actions only in the header")
                .isEqualTo(Verdict.MISSING);
        assertThat(verdict(query, HttpMethod.GET, "/api/events", "Bearer nope", "s3cret"))
                .as("the header wins")
                .isEqualTo(Verdict.WRONG);
    }
}
