package io.staffsync.app.security;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.JOSEException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The development issuer: an RSA key that signs and verifies tokens when no real issuer is configured. By
 * default the key is made at start-up, so tokens die with the process and are only valid on the node that
 * issued them. With {@code staffsync.security.dev-tokens.key-file}, nodes that share that file share the key
 * (the first to start writes it), so a token from one node works on every node behind a load balancer.
 */
public final class DevTokenIssuer {

    public static final String ISSUER = "staffsync-dev";

    private final RSAKey key;
    private final NimbusJwtEncoder encoder;

    DevTokenIssuer() {
        this(generate());
    }

    private DevTokenIssuer(RSAKey key) {
        this.key = key;
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
    }

    /** The issuer of the key in {@code keyFile}, written there first if no node has done so yet. */
    static DevTokenIssuer sharedThrough(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                Path directory = keyFile.toAbsolutePath().getParent();
                Files.createDirectories(directory);
                Path written = Files.createTempFile(directory, ".dev-jwk", ".tmp");
                try {
                    Files.writeString(written, generate().toJSONString());
                    // a link is created atomically or not at all: of nodes starting together, exactly one wins
                    Files.createLink(keyFile, written);
                } catch (FileAlreadyExistsException anotherNodeWasFirst) {
                    // read theirs below
                } finally {
                    Files.deleteIfExists(written);
                }
            }
            return new DevTokenIssuer(RSAKey.parse(Files.readString(keyFile)));
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("cannot read or write the development signing key " + keyFile, e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the development signing key", e);
        }
    }

    JwtDecoder decoder() {
        try {
            return NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).signatureAlgorithm(SignatureAlgorithm.RS256)
                    .build();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed token for {@code subject} with these roles, valid for {@code lifetime} (negative: already expired). */
    public String issue(String subject, List<String> roles, Duration lifetime) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(lifetime);
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(subject)
                .issuedAt(lifetime.isNegative() ? expiresAt.minusSeconds(60) : now)
                .expiresAt(expiresAt)
                .claim(JwtRoles.CLAIM, roles)
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }
}
