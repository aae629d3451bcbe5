package io.numbat.platform.access;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * Turns Kafka's security exceptions into one line an operator can act on, naming the component,
 * the principal it logged in as and what it was refused.
 */
public final class AccessErrors {
    private static final Pattern USERNAME = Pattern.compile("username=\"([^\"]*)\"");

    private AccessErrors() {}

    /** The principal the client settings log in as, as Kafka names it. */
    public static String principal(Map<String, ?> clientSettings) {
        Object jaas = clientSettings.get("sasl.jaas.config");
        if (jaas != null) {
            Matcher m = USERNAME.matcher(jaas.toString());
            if (m.find()) {
                return "User:" + m.group(1);
            }
        }
        Object protocol = clientSettings.get("security.protocol");
        if ("SSL".equals(protocol) && clientSettings.containsKey("ssl.keystore.location")) {
            return "the certificate in " + clientSettings.get("ssl.keystore.location");
        }
        return "User:ANONYMOUS";
    }

    /** A one-line explanation if {@code error} (or a cause) is a security refusal; null otherwise. */
    public static String explain(Throwable error, String component, Map<String, ?> clientSettings, String bootstrap) {
        String principal = principal(clientSettings);
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SaslAuthenticationException) {
                return component + ": Kafka at " + bootstrap + " refused the login of " + principal + " ("
                        + t.getMessage() + "); check sasl.jaas.config and sasl.mechanism in --kafka-config";
            }
            if (t instanceof SslAuthenticationException) {
                return component + ": the TLS handshake with Kafka at " + bootstrap + " failed for " + principal + " ("
                        + rootMessage(t)
                        + "); check ssl.truststore.location (the cluster's CA) and that no certificate has expired";
            }
            if (t instanceof TopicAuthorizationException tae) {
                return component + ": " + principal + " is not allowed to use topic(s) " + tae.unauthorizedTopics()
                        + " on " + bootstrap + "; grant the ACLs printed by 'numbat topics --print'";
            }
            if (t instanceof GroupAuthorizationException gae) {
                return component + ": " + principal + " is not allowed to use consumer group " + gae.groupId() + " on "
                        + bootstrap + "; grant the ACLs printed by 'numbat topics --print'";
            }
            if (t instanceof ClusterAuthorizationException || t instanceof AuthorizationException) {
                return component + ": " + principal + " was refused on " + bootstrap + " (" + t.getMessage()
                        + "); create the topics with an admin and grant the ACLs printed by 'numbat topics --print'";
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
