package ticketing.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import ticketing.demo.ChildProcesses;
import ticketing.demo.Ports;
import ticketing.demo.ServiceProcesses;
import ticketing.testsupport.RealInfrastructure;
import ticketing.testsupport.TestInfrastructure;
import ticketing.testsupport.kafka.KafkaTestCluster;
import ticketing.testsupport.postgres.PostgresTestDatabase;
import ticketing.testsupport.redis.RedisTestKeyspace;
import ticketing.testsupport.s3.S3TestBucket;
import ticketing.testsupport.security.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static ticketing.system.ServiceJars.FAST_START;
import static ticketing.system.ServiceJars.ROOT;
import static ticketing.system.ServiceJars.concat;

/**
 * The shop's web page in a real browser (Debian's headless Chromium through its ChromeDriver), against the three
 * services run from their jars on the real infrastructure: a buyer signs in as a sample user, buys a ticket with a
 * double click and follows it to "Continue watching"; an error is shown as a sentence; the operator view shows a new
 * order as a read_committed consumer sees it, and a dead letter with its reason. Screenshots of both pages are left
 * in {@code target/screenshots/} (the README's come from there).
 */
@RealInfrastructure
class WebPageIT {

	private static final Path CHROMEDRIVER = Path.of(System.getProperty("webdriver.chrome.driver",
			"/usr/bin/chromedriver"));

	private static final Path CHROMIUM = Path.of(System.getProperty("ticketing.chromium", "/usr/bin/chromium"));

	private static final Path SCREENSHOTS = Path.of("target/screenshots");

	/** A user's orders before the page answers "too fast" (user 103 only reaches it). */
	private static final int RATE_LIMIT_BURST = 3;

	private static final Duration PAGE_WAIT = Duration.ofSeconds(30);

	private static KafkaTestCluster kafka;

	private static String topic;

	private static PostgresTestDatabase database;

	private static RedisTestKeyspace redis;

	private static S3TestBucket bucket;

	private static ChildProcesses children;

	private static int orderPort;

	private WebDriver browser;

	@BeforeAll
	static void startTheServices() throws Exception {
		assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
				"no browser: install Debian's chromium and chromium-driver (.ci/run does), or point "
						+ "-Dwebdriver.chrome.driver and -Dticketing.chromium at yours");
		kafka = TestInfrastructure.kafka();
		topic = kafka.createTopic("ticket-order");
		String deadLetters = kafka.createTopic("ticket-order.DLT");
		database = TestInfrastructure.postgres().createDatabase();
		redis = TestInfrastructure.redis().createKeyspace();
		bucket = TestInfrastructure.s3().createBucket();
		children = new ChildProcesses();
		Path logs = Files.createDirectories(Path.of("target/web-page-it"));
		orderPort = Ports.free();
		int notificationPort = Ports.free();
		int analyticsPort = Ports.free();
		String page = "http://localhost:" + orderPort;

		List<String> common = new ArrayList<>(kafka.springArguments());
		common.add("--" + TestTokens.PUBLIC_KEY_LOCATION_PROPERTY + "=" + TestTokens.publicKeyLocation());
		// the page is served by order-service on its own port: the others let it call them
		common.add("--ticketing.security.cors.allowed-origins=" + page);
		String id = UUID.randomUUID().toString();
		Process orders = ServiceProcesses.start(ROOT, children, "order-service", "order-service", orderPort, FAST_START,
				concat(common, "--spring.datasource.url=" + database.jdbcUrl(),
						"--spring.datasource.username=" + database.username(),
						"--spring.datasource.password=" + database.password(),
						"--ticketing.order.relay.topic=" + topic,
						"--ticketing.order.relay.progress-topic=" + kafka.createTopic("order-relay-offsets", 1, Map.of()),
						"--ticketing.order.relay.transactional-id=web-page-it-" + id,
						"--ticketing.order.api.rate-limit.burst=" + RATE_LIMIT_BURST,
						"--ticketing.order.api.rate-limit.refill-every=1h",
						"--ticketing.order.page.notification-service-url=http://localhost:" + notificationPort,
						"--ticketing.order.page.analytics-service-url=http://localhost:" + analyticsPort,
						"--ticketing.order.page.demo-sign-in-keys=" + TestTokens.keyFolder()),
				Map.of(), logs.resolve("order-service.log"));
		Process notifications = ServiceProcesses.start(ROOT, children, "notification-service", "notification-service",
				notificationPort, FAST_START,
				concat(common, "--spring.data.redis.host=" + redis.uri().getHost(),
						"--spring.data.redis.port=" + redis.uri().getPort(),
						"--notification.redis.key-prefix=" + redis.prefix(), "--notification.consumer.topic=" + topic,
						"--notification.consumer.dead-letter-topic=" + deadLetters,
						"--spring.kafka.consumer.group-id=notification-web-page-it-" + id),
				Map.of(), logs.resolve("notification-service.log"));
		Process analytics = ServiceProcesses.start(ROOT, children, "analytics-service", "analytics-service",
				analyticsPort, FAST_START,
				concat(common, "--ticketing.lake.s3.endpoint=" + bucket.endpoint(),
						"--ticketing.lake.s3.access-key=" + bucket.accessKey(),
						"--ticketing.lake.s3.secret-key=" + bucket.secretKey(),
						"--ticketing.lake.s3.region=" + bucket.region(), "--ticketing.lake.bucket=" + bucket.name(),
						"--ticketing.lake.topic=" + topic, "--ticketing.lake.group-id=lake-web-page-it-" + id,
						"--ticketing.lake.dead-letter-topic=" + deadLetters,
						"--spring.kafka.streams.application-id=streams-web-page-it-" + id,
						"--spring.kafka.streams.state-dir=" + Files.createTempDirectory("web-page-it-streams"),
						"--ticketing.streams.topics.orders=" + topic,
						"--ticketing.streams.topics.live-orders=" + kafka.createTopic("category-filtered-ticket-order"),
						"--ticketing.streams.topics.suspicious-users=" + kafka.createTopic("suspicious-user"),
						"--ticketing.streams.topics.dead-letter=" + deadLetters),
				Map.of(), logs.resolve("analytics-service.log"));
		ServiceProcesses.awaitHealthy("order-service", orderPort, orders, logs.resolve("order-service.log"));
		ServiceProcesses.awaitHealthy("notification-service", notificationPort, notifications,
				logs.resolve("notification-service.log"));
		ServiceProcesses.awaitHealthy("analytics-service", analyticsPort, analytics,
				logs.resolve("analytics-service.log"));
	}

	@AfterAll
	static void stopTheServices() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { children, bucket, redis, database }) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	@BeforeEach
	void openABrowser() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1280,1000");
		// The Debian driver, named: Selenium Manager would try to download one
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.browser.manage().window().setSize(new Dimension(1280, 1000));
	}

	@AfterEach
	void closeTheBrowser(TestInfo test) throws IOException {
		if (this.browser != null) {
			screenshot("last-" + test.getTestMethod().orElseThrow().getName());
			this.browser.quit();
		}
	}

	@Test
	void shouldBuyWithADoubleClickOnceAndShowContinueWatchingWithTheRightTitle() throws Exception {
		// Given user 101 signed in through the demo's sign-in (the page shows their latest sample purchase), on the
		// comedy shelf
		signInAs("jun (user 101)");
		waitForText(By.id("continue-link"), "Continue watching: Seoul Jazz Night");
		click(By.id("category-comedy"));
		WebElement standUp = contentCard("Stand-up Sunday");
		assertThat(this.browser.findElements(By.cssSelector("#contents li"))).hasSize(2);

		// When they double-click "Buy ticket"
		new Actions(this.browser).doubleClick(standUp.findElement(By.tagName("button"))).perform();

		// Then "Continue watching: Stand-up Sunday" appears, linking to its streaming page, fed by notification-service
		waitForText(By.id("continue-link"), "Stand-up Sunday");
		WebElement link = this.browser.findElement(By.id("continue-link"));
		assertThat(link.getText()).isEqualTo("Continue watching: Stand-up Sunday");
		assertThat(link.getAttribute("href")).contains("/6");
		// and exactly one order was placed: the user's history (read from order-service) shows it once
		waitForText(By.id("history"), "Stand-up Sunday");
		List<String> orders = userOrders(101);
		assertThat(orders.stream().filter((order) -> order.contains("\"contentId\":6"))).hasSize(1);
		assertThat(this.browser.findElement(By.id("history")).getText().split("Stand-up Sunday", -1)).hasSize(2);
		screenshot("shop");
	}

	@Test
	void shouldShowAnErrorAPersonCanActOnWhenOrderingTooFast() {
		// Given user 103, whose burst of orders this instance allows is used up by the page itself
		signInAs("leo (user 103)");
		WebElement hamlet = contentCard("Hamlet").findElement(By.tagName("button"));
		for (int i = 0; i < RATE_LIMIT_BURST; i++) {
			hamlet.click();
			waitForText(By.id("purchase-status"), "placed");
			waiting().until((page) -> hamlet.isEnabled());
		}

		// When they buy once more
		hamlet.click();

		// Then the page says what happened and what to do, as a sentence, not the API's JSON
		WebElement alert = waitUntilVisible(By.id("alert"));
		assertThat(alert.getText()).startsWith("You are ordering too fast. Try again in").doesNotContain("{");
		assertThat(alert.getAttribute("role")).isEqualTo("alert");
	}

	@Test
	void shouldShowTheOperatorANewOrderAndADeadLetterWithItsReason() throws Exception {
		// Given a new order of user 102, placed through the API, and a record that is no order at all
		String orderId = ServiceJars.placeOrder(orderPort, 102, "{\"contentId\": 4}");
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerProperties())) {
			producer.send(new ProducerRecord<>(topic, "102", "this is not an order")).get();
		}

		// When the operator opens the operator view
		this.browser.get("http://localhost:" + orderPort + "/operator.html");
		click(By.cssSelector("#demo-sign-in button"));

		// Then the order is among those a read_committed consumer sees, with its title
		assertThat(rowOf(By.id("orders"), orderId)).contains("102").contains("Hamlet (stage)");
		// and the dead letter with the reason a person can read
		waitForText(By.id("dead"), "this is not an order");
		String deadLetter = waiting().until((page) -> page.findElements(By.cssSelector("#dead tbody tr"))
			.stream()
			.map(WebElement::getText)
			.filter((row) -> row.contains("this is not an order") && row.contains("is not JSON"))
			.findFirst()
			.orElse(null));
		assertThat(deadLetter).startsWith("the value is not JSON");
		// and the lake's summary
		waitForText(By.id("lake-total"), "records in");
		// (the whole view in one picture, for the README)
		long height = (Long) ((JavascriptExecutor) this.browser)
			.executeScript("return document.documentElement.scrollHeight");
		this.browser.manage().window().setSize(new Dimension(1280, (int) height + 140));
		screenshot("operator");
	}

	private void signInAs(String user) {
		this.browser.get("http://localhost:" + orderPort + "/");
		WebElement select = waitUntilVisible(By.id("demo-user"));
		waiting().until((page) -> !new Select(select).getOptions().isEmpty());
		new Select(select).selectByVisibleText(user);
		click(By.cssSelector("#demo-sign-in button"));
		waitForText(By.id("who"), user);
	}

	private WebElement contentCard(String title) {
		By card = By.xpath("//ul[@id='contents']/li[h3[text()='" + title + "']]");
		return waitUntilVisible(card);
	}

	private void click(By by) {
		waiting().until(ExpectedConditions.elementToBeClickable(by)).click();
	}

	private WebElement waitUntilVisible(By by) {
		return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	private void waitForText(By by, String text) {
		waiting().until(ExpectedConditions.textToBePresentInElementLocated(by, text));
	}

	/** The text of the table's row whose first cell is {@code firstCell}, once it is there. */
	private String rowOf(By table, String firstCell) {
		return waiting().until((page) -> page.findElement(table)
			.findElements(By.cssSelector("tbody tr"))
			.stream()
			.filter((row) -> row.findElement(By.tagName("td")).getText().equals(firstCell))
			.map(WebElement::getText)
			.findFirst()
			.orElse(null));
	}

	/** The operator view redraws its tables every 2 s: an element read a moment ago may be gone. */
	private WebDriverWait waiting() {
		WebDriverWait wait = new WebDriverWait(this.browser, PAGE_WAIT);
		wait.ignoring(StaleElementReferenceException.class);
		return wait;
	}

	private void screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Path shot = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}

	/** The user's orders, one JSON object each, as order-service lists them. */
	private static List<String> userOrders(long userId) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + orderPort + "/orders?size=100"))
				.header("Authorization", TestTokens.user(userId))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Arrays.stream(response.body().split("\\},\\{")).map((order) -> order.replace(" ", "")).toList();
	}

}
