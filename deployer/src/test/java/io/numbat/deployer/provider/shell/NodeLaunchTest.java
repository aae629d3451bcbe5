package io.numbat.deployer.provider.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.deployer.config.FamilyConfig;
import io.numbat.deployer.config.Profile;
import io.numbat.deployer.config.Run;
import io.numbat.deployer.provider.ProviderException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeLaunchTest {
    private static FamilyConfig family(Run run, String cookieFile) {
        return new FamilyConfig("web", new Profile(1, 512, null, null, null, Map.of()), run, 0, 10, cookieFile);
    }

    @Test
    void erlRunGetsShortNameAndNoInputBeforeTheFamilysArgumentsAndItsCookieOnlyThroughStandardInput() {
        NodeLaunch l = NodeLaunch.of(
                "web-7",
                family(new Run.Erl(List.of("-pa", "/opt/ebin")), "/c"),
                "localhost",
                "/usr/bin/erl",
                Optional.of("s3cret"));

        assertThat(l.argv())
                .containsExactly("/usr/bin/erl", "-sname", "web-7@localhost", "-noinput", "-pa", "/opt/ebin");
        assertThat(l.env()).doesNotContainValue("s3cret");
        assertThat(l.cookieVia()).isEqualTo(NodeLaunch.CookieVia.HOME);
        assertThat(l.stdin()).isEqualTo("s3cret\n");
        assertThat(l.erlangName()).contains("web-7@localhost");
        assertThat(l.epmdName()).contains("web-7");
        assertThat(l.env()).containsEntry("NUMBAT_NODE", "web-7").containsEntry("NUMBAT_FAMILY", "web");
    }

    @Test
    void releaseRunsInTheForegroundWithItsNodeNameInTheEnvironmentAndItsCookieReadIntoRelxCookie() {
        NodeLaunch l = NodeLaunch.of(
                "web-7", family(new Run.Release("/opt/web/bin/web"), "/c"), "host1", "erl", Optional.of("s3cret"));

        assertThat(l.argv()).containsExactly("/opt/web/bin/web", "foreground");
        assertThat(l.env()).containsEntry("RELX_NODE_NAME", "web-7@host1").doesNotContainValue("s3cret");
        assertThat(l.cookieVia()).isEqualTo(NodeLaunch.CookieVia.RELX_COOKIE);
        assertThat(l.erlangName()).contains("web-7@host1");
    }

    @Test
    void commandRunsAsWrittenWithoutAnErlangName() {
        NodeLaunch l = NodeLaunch.of(
                "jvm-1",
                family(new Run.Command(List.of("java", "-jar", "app.jar")), null),
                "localhost",
                "erl",
                Optional.empty());

        assertThat(l.argv()).containsExactly("java", "-jar", "app.jar");
        assertThat(l.erlangName()).isEmpty();
        assertThat(l.env()).containsEntry("NUMBAT_NODE", "jvm-1");
        assertThat(l.stdin()).isEmpty();
    }

    @Test
    void erlangFamilyWithoutACookieIsRefusedNamingTheFamily() {
        assertThatThrownBy(() -> NodeLaunch.of(
                        "web-7", family(new Run.Erl(List.of()), null), "localhost", "erl", Optional.empty()))
                .isInstanceOf(ProviderException.class)
                .hasMessage("family web runs Erlang nodes but has no cookieFile");
    }

    @Test
    void nodeNameThatCannotBeAnErlangNameIsRefused() {
        assertThatThrownBy(() -> NodeLaunch.of(
                        "web 7;rm", family(new Run.Erl(List.of()), "/c"), "localhost", "erl", Optional.of("c")))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("node name 'web 7;rm' cannot be");
    }

    @Test
    void redactionHidesTheCookieEverywhere() {
        NodeLaunch l =
                NodeLaunch.of("web-7", family(new Run.Erl(List.of()), "/c"), "localhost", "erl", Optional.of("s3cret"));

        assertThat(l.redact("erl -setcookie s3cret failed")).isEqualTo("erl -setcookie *** failed");
        assertThat(l.toString()).doesNotContain("s3cret");
    }

    @Test
    void quotingKeepsEveryWordLiteral() {
        assertThat(ShellQuote.join(List.of("a b", "it's", "$HOME"))).isEqualTo("'a b' 'it'\\''s' '$HOME'");
    }
}
