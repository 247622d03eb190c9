package ticketing.security;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The filter chain of every service: bearer tokens only (no session, no login page, no CSRF, since nothing rides on
 * a cookie), 401 and 403 as problem details, actuator health public, the other actuator endpoints for operators, the
 * service's own {@link AccessRules}, then a valid token for anything else. Tokens are checked by Spring Boot's
 * resource server: {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (a real identity provider),
 * {@code jwk-set-uri}, or {@code public-key-location} (the demo's key).
 */
@AutoConfiguration(before = OAuth2ResourceServerAutoConfiguration.class)
// Not in a command such as order-service's reconcile, which serves no HTTP
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(CorsProperties.class)
public class ServiceSecurityAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ServiceSecurityAutoConfiguration.class);

	@Bean
	SecurityFilterChain serviceSecurityFilterChain(HttpSecurity http, List<AccessRules> accessRules,
			CorsProperties cors) {
		SecurityProblems problems = new SecurityProblems();
		http.csrf(AbstractHttpConfigurer::disable)
			// Before authentication: a browser's preflight carries no token
			.cors((configurer) -> configurer.configurationSource(corsConfiguration(cors)))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.exceptionHandling((errors) -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> {
			})
				.bearerTokenResolver(new HeaderTokenResolver())
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.authorizeHttpRequests((requests) -> {
				requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll();
				requests.requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(Roles.OPERATOR);
				// Spring MVC's error page: an error already answered keeps its own status
				requests.requestMatchers("/error").permitAll();
				accessRules.forEach((rules) -> rules.apply(requests));
				requests.anyRequest().authenticated();
			});
		return http.build();
	}

	/**
	 * What a page of an allowed origin may do: read and place orders with a bearer token and an Idempotency-Key, and
	 * read the headers that matter to it (where a new order is, whether it was a replay, how long to wait).
	 */
	static UrlBasedCorsConfigurationSource corsConfiguration(CorsProperties properties) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(properties.allowedOrigins());
		cors.setAllowedMethods(List.of("GET", "POST"));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "traceparent"));
		cors.setExposedHeaders(List.of("Location", "Idempotent-Replayed", "Retry-After"));
		cors.setAllowCredentials(false);
		cors.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

	/**
	 * No spans of Spring Security's own (five per request: the filter chain before and after, the secured request,
	 * authentication, authorization): an order's trace stays the request, the relay's send and the consumers, each
	 * the child of the one before, and the hot path does not pay for them.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Spring Security's firewall as it is, but for how it checks header values: the same rule (every character
	 * assigned in Unicode and not a control character) as a loop instead of a regular expression, which on the
	 * 500-character Authorization header of every request took 9% of order-service's CPU under load.
	 */
	@Bean
	WebSecurityCustomizer headerValuesCheckedWithoutRegex() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderValues(ServiceSecurityAutoConfiguration::isAssignedAndNotControl);
		firewall.setAllowedHeaderNames(ServiceSecurityAutoConfiguration::isAssignedAndNotControl);
		return (web) -> web.httpFirewall(firewall);
	}

	/** What StrictHttpFirewall's default {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} allows. */
	static boolean isAssignedAndNotControl(String value) {
		for (int i = 0; i < value.length();) {
			int codePoint = value.codePointAt(i);
			if (Character.getType(codePoint) == Character.UNASSIGNED || Character.isISOControl(codePoint)) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

	@Bean
	WebMvcConfigurer callerArgument() {
		return new WebMvcConfigurer() {
			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new CallerArgumentResolver());
			}
		};
	}

	/**
	 * Without an issuer, a service refuses every token (and so every request that needs one) instead of failing to
	 * start: the parts that need no token, health and the public reads, keep working, and the log says what to set.
	 */
	@Bean
	@Conditional(NoIssuerConfigured.class)
	JwtDecoder refuseEveryToken() {
		log.warn("No token issuer is configured: every request that needs a bearer token is refused with 401. Set "
				+ "spring.security.oauth2.resourceserver.jwt.issuer-uri (your identity provider), jwk-set-uri, or "
				+ "public-key-location (./demo sets its demo key)");
		return (token) -> {
			throw new BadJwtException("this service has no token issuer configured, so it accepts no token");
		};
	}

	static final class NoIssuerConfigured extends NoneNestedConditions {

		NoIssuerConfigured() {
			super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri")
		static final class IssuerUri {

		}

		@ConditionalOnProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri")
		static final class JwkSetUri {

		}

		@ConditionalOnProperty("spring.security.oauth2.resourceserver.jwt.public-key-location")
		static final class PublicKeyLocation {

		}

	}

}
