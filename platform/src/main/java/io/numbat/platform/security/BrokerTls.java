package io.numbat.platform.security;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The TLS side of a secured embedded broker: its key store (certificate {@code CN=numbat-broker},
 * signed by the platform's CA) and the trust store with that CA, both PKCS12 under one password.
 */
public record BrokerTls(Path keyStore, Path trustStore, String password) {
    /** The broker's own principal: the super user, used between listeners and to set up users and ACLs. */
    public static final String BROKER_CN = "numbat-broker";

    /**
     * Broker settings for a secured single node: clients on {@code SASL_SSL} (SCRAM-SHA-512), the
     * broker itself on an {@code INTERNAL} and the {@code CONTROLLER} listener with mutual TLS,
     * the standard authorizer denying whatever no ACL allows.
     */
    public Properties brokerProperties(int clientPort, int internalPort, int controllerPort) {
        Properties p = new Properties();
        p.put(
                "listeners",
                "SASL_SSL://127.0.0.1:" + clientPort + ",INTERNAL://127.0.0.1:" + internalPort
                        + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + clientPort + ",INTERNAL://127.0.0.1:" + internalPort);
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,INTERNAL:SSL,CONTROLLER:SSL");
        p.put("inter.broker.listener.name", "INTERNAL");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put(
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.internal.ssl.client.auth", "required");
        p.put("listener.name.controller.ssl.client.auth", "required");
        p.putAll(sslStores());
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:CN=" + BROKER_CN);
        return p;
    }

    /** Client settings of the broker's own identity (mutual TLS on the {@code INTERNAL} listener). */
    public Properties internalClientProperties() {
        Properties p = sslStores();
        p.put("security.protocol", "SSL");
        return p;
    }

    private Properties sslStores() {
        Properties p = new Properties();
        p.put("ssl.keystore.location", keyStore.toString());
        p.put("ssl.keystore.password", password);
        p.put("ssl.key.password", password);
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.truststore.location", trustStore.toString());
        p.put("ssl.truststore.password", password);
        p.put("ssl.truststore.type", "PKCS12");
        return p;
    }
}
