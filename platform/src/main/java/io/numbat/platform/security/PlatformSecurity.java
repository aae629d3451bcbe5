package io.numbat.platform.security;

import io.numbat.platform.PlatformException;
import io.numbat.platform.access.AccessPlan;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded platform's security, made fresh at every start under {@code <data-dir>/security}:
 * a CA ({@code ca.pem} for non-Java clients, {@code truststore.p12}), the broker's certificate, a
 * SCRAM-SHA-512 user per component ({@code numbat-agent}, {@code numbat-stream-processor}, ...)
 * with the least-privilege ACLs of {@link AccessPlan}, an all-powerful {@code numbat-admin}, and a
 * client properties file per user ({@code <user>.properties}: SASL_SSL, SCRAM, the trust store).
 * Users and ACLs are set up through the broker's own mutual-TLS listener.
 */
public final class PlatformSecurity {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformSecurity.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Prefix of every component's principal and user name. */
    public static final String USER_PREFIX = "numbat-";

    public static final String ADMIN = "numbat-admin";

    private final Path dir;
    private final BrokerTls tls;
    private final Map<String, String> passwords = new LinkedHashMap<>();

    private PlatformSecurity(Path dir, BrokerTls tls) {
        this.dir = dir;
        this.tls = tls;
    }

    /** Creates the CA, the broker's stores and the users' passwords under {@code dir}. */
    public static PlatformSecurity prepare(Path dir) {
        try {
            Files.createDirectories(dir);
            String storePassword = secret();
            CertificateAuthority ca = CertificateAuthority.create("numbat-embedded-ca", Duration.ofDays(365));
            ca.writePem(dir.resolve("ca.pem"));
            ca.writeTrustStore(dir.resolve("truststore.p12"), storePassword.toCharArray());
            ca.issue(BrokerTls.BROKER_CN, Duration.ofDays(365))
                    .writeKeyStore(dir.resolve("broker.p12"), storePassword.toCharArray());
            PlatformSecurity s = new PlatformSecurity(
                    dir, new BrokerTls(dir.resolve("broker.p12"), dir.resolve("truststore.p12"), storePassword));
            s.passwords.put(ADMIN, secret());
            for (String component : AccessPlan.components()) {
                s.passwords.put(USER_PREFIX + component, secret());
            }
            return s;
        } catch (IOException e) {
            throw new PlatformException(
                    "cannot write the platform's certificates under " + dir + ": " + e.getMessage(), e);
        }
    }

    public BrokerTls tls() {
        return tls;
    }

    /** The CA certificate in PEM. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The admin's client properties (every permission). */
    public Path adminConfig() {
        return clientConfig(ADMIN);
    }

    /** The client properties file of {@code user}. */
    public Path clientConfig(String user) {
        return dir.resolve(user + ".properties");
    }

    /**
     * Creates the users and ACLs through the broker's mutual-TLS listener at {@code internalBootstrap},
     * writes each user's client properties, and waits until the admin can log in at {@code bootstrap}.
     */
    public void provision(String internalBootstrap, String bootstrap) throws InterruptedException {
        Properties internal = tls.internalClientProperties();
        internal.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, internalBootstrap);
        try (Admin admin = Admin.create(internal)) {
            List<UserScramCredentialUpsertion> users = new ArrayList<>();
            passwords.forEach((user, password) -> users.add(new UserScramCredentialUpsertion(
                    user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)));
            admin.alterUserScramCredentials(new ArrayList<>(users)).all().get(60, TimeUnit.SECONDS);
            List<AclBinding> acls = new ArrayList<>(new AccessPlan("User:" + USER_PREFIX).aclBindings());
            for (ResourceType type : List.of(
                    ResourceType.TOPIC, ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID, ResourceType.CLUSTER)) {
                String name = type == ResourceType.CLUSTER ? "kafka-cluster" : "*";
                acls.add(new AclBinding(
                        new ResourcePattern(type, name, PatternType.LITERAL),
                        new AccessControlEntry("User:" + ADMIN, "*", AclOperation.ALL, AclPermissionType.ALLOW)));
            }
            admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
            LOG.info("created {} SCRAM users and {} ACLs", passwords.size(), acls.size());
        } catch (ExecutionException | TimeoutException e) {
            throw new PlatformException("cannot create the platform's users and ACLs: " + e.getMessage(), e);
        }
        passwords.forEach((user, password) -> writeClientConfig(user, password));
        awaitLogin(bootstrap);
    }

    /** SCRAM credentials reach the broker's cache shortly after they are committed. */
    private void awaitLogin(String bootstrap) throws InterruptedException {
        Properties p = load(adminConfig());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = Admin.create(p)) {
                admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                last = e;
                Thread.sleep(500);
            }
        }
        throw new PlatformException("the admin user cannot log in to " + bootstrap + ": " + last);
    }

    private void writeClientConfig(String user, String password) {
        Properties p = new Properties();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";");
        p.put("ssl.truststore.location", tls.trustStore().toString());
        p.put("ssl.truststore.password", tls.password());
        p.put("ssl.truststore.type", "PKCS12");
        Path file = clientConfig(user);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                p.store(w, "Kafka client settings of " + user + " (written by numbat platform --security sasl_ssl)");
            }
        } catch (IOException e) {
            throw new PlatformException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a client properties file. */
    public static Properties load(Path file) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new PlatformException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return p;
    }

    private static String secret() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
