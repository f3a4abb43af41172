package io.darktower.oidcprovider;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.filter.DelegatingFilterProxy;

/**
 * A real OpenID provider for tests: Spring Authorization Server on a plain embedded Tomcat (its own Spring context, no
 * Boot auto-configuration, so nothing of it reaches the gateway under test). One confidential client ({@link #CLIENT_ID},
 * authorization code with PKCE required, scopes openid email profile, no consent screen) whose redirect URI is the
 * gateway's callback, known only once the gateway runs ({@link #redirectUri}); users sign in on its login form.
 * ID tokens carry {@code email}, {@code email_verified} and {@code name} of {@link #ACCOUNTS}. In a package of its own:
 * the gateway under test scans its own packages for configuration, and must not find this provider's.
 */
public final class TestOpenIdProvider implements AutoCloseable {

    public static final String CLIENT_ID = "darktower";
    public static final String CLIENT_SECRET = "test-client-secret";
    public static final String PASSWORD = "provider password";
    /** username → email, email verified, display name. */
    public static final Map<String, Account> ACCOUNTS = Map.of(
            "alice", new Account("alice@example.com", true, "Alice Provider"),
            "bob", new Account("bob.elsewhere@example.com", true, "Bob"),
            "carol", new Account("carol@example.test", true, "Carol"),
            "dave", new Account("dave@example.com", false, "Dave"),
            "erin", new Account("erin@example.com", true, "Erin"),
            "frank", new Account("frank@example.com", true, "Frank"));

    public record Account(String email, boolean verified, String name) {
    }

    /** Where the provider sends the browser back: set once the gateway's port is known. */
    public static volatile Supplier<String> redirectUri = () -> "http://localhost/unset";
    /** Every access and refresh token the provider issued. */
    public static final List<String> ISSUED_TOKENS = new CopyOnWriteArrayList<>();

    private final Tomcat tomcat;
    private final AnnotationConfigWebApplicationContext spring;
    private final String issuer;

    private TestOpenIdProvider(Tomcat tomcat, AnnotationConfigWebApplicationContext spring, String issuer) {
        this.tomcat = tomcat;
        this.spring = spring;
        this.issuer = issuer;
    }

    public String issuer() {
        return issuer;
    }

    public static TestOpenIdProvider start() throws Exception {
        Tomcat tomcat = new Tomcat();
        File base = Files.createTempDirectory("oidc-provider").toFile();
        tomcat.setBaseDir(base.getAbsolutePath());
        tomcat.setPort(0);
        tomcat.getConnector();
        Context context = tomcat.addContext("", base.getAbsolutePath());
        Tomcat.addServlet(context, "nothing", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) {
                response.setStatus(404);
            }
        });
        context.addServletMappingDecoded("/", "nothing");
        FilterDef security = new FilterDef();
        security.setFilterName("springSecurityFilterChain");
        security.setFilter(new DelegatingFilterProxy("springSecurityFilterChain")); // finds the context lazily
        context.addFilterDef(security);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("springSecurityFilterChain");
        mapping.addURLPattern("/*");
        mapping.setDispatcher(DispatcherType.REQUEST.name());
        mapping.setDispatcher(DispatcherType.ERROR.name());
        mapping.setDispatcher(DispatcherType.FORWARD.name());
        context.addFilterMap(mapping);
        tomcat.start();
        String issuer = "http://localhost:" + tomcat.getConnector().getLocalPort();

        AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
        spring.setServletContext(context.getServletContext());
        AuthorizationServerSettings settings = AuthorizationServerSettings.builder().issuer(issuer).build();
        spring.addBeanFactoryPostProcessor(beans -> beans.registerSingleton("authorizationServerSettings", settings));
        spring.register(ProviderConfiguration.class);
        spring.refresh();
        context.getServletContext().setAttribute(WebApplicationContext.ROOT_WEB_APPLICATION_CONTEXT_ATTRIBUTE, spring);
        return new TestOpenIdProvider(tomcat, spring, issuer);
    }

    @Override
    public void close() throws Exception {
        spring.close();
        tomcat.stop();
        tomcat.destroy();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class ProviderConfiguration {

        @Bean
        SecurityFilterChain provider(HttpSecurity http) throws Exception {
            http.oauth2AuthorizationServer(server -> server.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults())
                    .oauth2ResourceServer(resource -> resource.jwt(Customizer.withDefaults()));
            return http.build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(ACCOUNTS.keySet().stream()
                    .map(name -> User.withUsername(name).password("{noop}" + PASSWORD).roles("USER").build())
                    .toList());
        }

        @Bean
        RegisteredClientRepository clients() {
            return new RegisteredClientRepository() {
                @Override
                public void save(RegisteredClient registeredClient) {
                    // the provider saves a client whose secret it re-encoded: this one is made anew on each look-up
                }

                @Override
                public RegisteredClient findById(String id) {
                    return "client-1".equals(id) ? client() : null;
                }

                @Override
                public RegisteredClient findByClientId(String clientId) {
                    return CLIENT_ID.equals(clientId) ? client() : null;
                }
            };
        }

        private static RegisteredClient client() {
            return RegisteredClient.withId("client-1")
                    .clientId(CLIENT_ID)
                    .clientSecret("{noop}" + CLIENT_SECRET)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                    .redirectUri(redirectUri.get())
                    .scope(OidcScopes.OPENID).scope(OidcScopes.EMAIL).scope(OidcScopes.PROFILE)
                    .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                    .build();
        }

        /** Remembers every token it issues, so a test can look for them where they must not be in the clear. */
        @Bean
        OAuth2AuthorizationService authorizations() {
            InMemoryOAuth2AuthorizationService store = new InMemoryOAuth2AuthorizationService();
            return new OAuth2AuthorizationService() {
                @Override
                public void save(OAuth2Authorization authorization) {
                    if (authorization.getAccessToken() != null) {
                        ISSUED_TOKENS.add(authorization.getAccessToken().getToken().getTokenValue());
                    }
                    if (authorization.getRefreshToken() != null) {
                        ISSUED_TOKENS.add(authorization.getRefreshToken().getToken().getTokenValue());
                    }
                    store.save(authorization);
                }

                @Override
                public void remove(OAuth2Authorization authorization) {
                    store.remove(authorization);
                }

                @Override
                public OAuth2Authorization findById(String id) {
                    return store.findById(id);
                }

                @Override
                public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
                    return store.findByToken(token, tokenType);
                }
            };
        }

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims() {
            return context -> {
                if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                    Account account = ACCOUNTS.get(context.getPrincipal().getName());
                    context.getClaims().claim("email", account.email()).claim("email_verified", account.verified())
                            .claim("name", account.name());
                }
            };
        }

        @Bean
        JWKSource<SecurityContext> keys() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        @Bean
        JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
            return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        }
    }
}
