package ticketing.analytics.streams.query;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import ticketing.analytics.AnalyticsAccessRules;
import ticketing.analytics.streams.query.UserOrderCounts.WindowCount;
import ticketing.security.ServiceSecurityAutoConfiguration;
import ticketing.testsupport.security.TestTokens;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The HTTP contract of the interactive query endpoint, behind the service's own security (real tokens, checked with
 * the tests' key); the queries themselves run in InteractiveQueriesIT.
 */
@WebMvcTest(OrderCountsController.class)
// The slice has no security of its own here: the service's filter chain and rules, as the application runs them
@ImportAutoConfiguration({ ServletWebSecurityAutoConfiguration.class, ServiceSecurityAutoConfiguration.class })
@Import(AnalyticsAccessRules.class)
class OrderCountsControllerTests {

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private OrderCountsQueryService queries;

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		registry.add(TestTokens.PUBLIC_KEY_LOCATION_PROPERTY, TestTokens::publicKeyLocation);
	}

	@Test
	void shouldAnswerTheCountsAsJson() throws Exception {
		// Given a user with one window
		given(this.queries.countsOf("7", false)).willReturn(new UserOrderCounts("7",
				List.of(new WindowCount(Instant.parse("2026-11-25T10:00:00Z"), Instant.parse("2026-11-25T10:05:00Z"), 3)),
				"localhost:8082"));

		// When an operator asks, then
		this.mvc.perform(get("/order-counts/7").header("Authorization", TestTokens.operator()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.userId").value("7"))
			.andExpect(jsonPath("$.windows[0].start").value("2026-11-25T10:00:00Z"))
			.andExpect(jsonPath("$.windows[0].end").value("2026-11-25T10:05:00Z"))
			.andExpect(jsonPath("$.windows[0].count").value(3))
			.andExpect(jsonPath("$.servedBy").value("localhost:8082"));
	}

	@Test
	void shouldAnswerAProblemWithRetryAfterWhileTheStoreIsUnavailable() throws Exception {
		// Given Kafka Streams rebalancing
		given(this.queries.countsOf("7", false))
			.willThrow(new StoreUnavailableException("No instance owns the counts of this user right now (rebalancing)"));

		// When and Then
		this.mvc.perform(get("/order-counts/7").header("Authorization", TestTokens.operator()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", StoreUnavailableException.RETRY_AFTER_SECONDS))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Order counts temporarily unavailable"))
			.andExpect(jsonPath("$.status").value(503));
	}

	@Test
	void shouldAnswerABadRequestProblemForAnInvalidForwardedHeader() throws Exception {
		// When a client sends a forwarded marker that is not a boolean
		this.mvc
			.perform(get("/order-counts/7").header("Authorization", TestTokens.operator())
				.header(RemoteOrderCounts.FORWARDED_HEADER, "maybe"))
			// Then it is a client error, as a problem
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void shouldAskForABearerTokenAndQueryNothingWithoutOne() throws Exception {
		// When the counts are asked for without a token, then a 401 problem with the Bearer challenge of RFC 6750
		this.mvc.perform(get("/order-counts/7"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", startsWith("Bearer")))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(containsString("needs a bearer token")));
		// and no store was read
		then(this.queries).shouldHaveNoInteractions();
	}

	@Test
	void shouldRefuseAUsersTokenSinceTheCountsAreForOperators() throws Exception {
		// When a shop user asks, even for their own counts, then a 403 problem
		this.mvc.perform(get("/order-counts/7").header("Authorization", TestTokens.user(7)))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(containsString("operator role")));
		// and no store was read
		then(this.queries).shouldHaveNoInteractions();
	}

}
