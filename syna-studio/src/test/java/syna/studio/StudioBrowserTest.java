package syna.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import syna.api.Database;
import syna.mlops.ModelRegistry;
import syna.mlops.Stage;
import syna.tests.Seeded;
import syna.tests.TestSeed;

/**
 * Every page in real headless Chromium (Debian's chromium and chromium-driver; Selenium Manager is never
 * used): the main flows clicked through on a seeded database, what is shown asserted, screenshots saved
 * under {@code target/studio-screenshots}, and no request to any host but the Studio's. Skips, saying
 * why, where Chromium is not installed.
 */
@Seeded
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StudioBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "studio-screenshots");

    @TempDir
    static Path dir;

    static Database db;
    static Studio studio;
    static ChromeDriver driver;
    static WebDriverWait wait;

    @BeforeAll
    static void start(TestSeed seed) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests skipped: no Chromium at " + CHROMIUM + " with " + CHROMEDRIVER
                        + " (apt-get install -y chromium chromium-driver; .ci/run does)");
        db = StudioFixture.seed(dir.resolve("db"), seed.value());
        studio = Studio.start(db, StudioOptions.defaults());
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-dev-shm-usage", "--no-first-run", "--window-size=1024,700");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        // the system chromedriver, given explicitly: Selenium Manager is not consulted and downloads nothing
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (studio != null) {
            studio.close();
        }
        if (db != null) {
            db.close();
        }
    }

    static void open(String page) {
        driver.get(studio.uri() + "#/" + page);
        ready(page);
    }

    static void go(String page) {
        driver.findElement(By.cssSelector("nav a[data-page='" + page + "']")).click();
        ready(page);
    }

    static void ready(String page) {
        wait.until(d -> page.equals(d.findElement(By.id("main")).getAttribute("data-page"))
                && "true".equals(d.findElement(By.id("main")).getAttribute("data-ready")));
        assertTrue(driver.findElement(By.id("error")).getAttribute("hidden") != null,
                () -> "error shown on " + page + ": " + driver.findElement(By.id("error")).getText());
    }

    static WebElement testid(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='" + id + "']")));
    }

    /** Clicks the row whose first cell is {@code text}, in the table as it is once it shows that row (tables are re-rendered). */
    static void rowClick(String tableId, String text) {
        wait.until(d -> {
            List<WebElement> rows = d.findElements(By.xpath("//*[@data-testid='" + tableId + "']//tr[td[1][normalize-space()='" + text + "']]"));
            if (rows.size() != 1) {
                return false;
            }
            rows.getFirst().click();
            return true;
        });
    }

    static void shot(String name) throws Exception {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name + ".png"), png);
    }

    @Test
    @Order(1)
    void keysSearchValueHistoryAndChart() throws Exception {
        open("keys");
        testid("namespaces-table");
        assertTrue(testid("namespaces-table").getText().contains("mlops.registry"));
        WebElement search = testid("key-search");
        search.sendKeys("metrics:");
        testid("key-search-go").click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='keys-table']")).getText().contains("metrics:cpu")
                && !d.findElement(By.cssSelector("[data-testid='keys-table']")).getText().contains("user:"));
        rowClick("keys-table", "metrics:cpu");
        WebElement chart = testid("series-chart");
        wait.until(d -> !chart.findElements(By.tagName("canvas")).isEmpty());
        assertTrue(testid("history").getText().contains("5,000 entries"), testid("history").getText());
        shot("keys");
        // a bytes value in the hex viewer, with offsets and ASCII
        search.clear();
        search.sendKeys("blob");
        testid("key-search-go").click();
        rowClick("keys-table", "blob");
        WebElement hex = testid("hex");
        assertTrue(hex.getText().startsWith("00000000  53 59 4e 41 04 05"), hex.getText());
        assertTrue(hex.getText().contains("|SYNA"), hex.getText());
    }

    @Test
    @Order(2)
    void vectorStoreViewAndNeighbours() throws Exception {
        go("vectors");
        rowClick("stores-table", "docs");
        WebElement canvas = testid("view3d");
        wait.until(d -> "400".equals(canvas.getAttribute("data-points")));
        assertTrue(testid("store-options").getText().contains("cosine"));
        testid("knn-go").click();
        WebElement hits = testid("knn-table");
        wait.until(d -> hits.findElements(By.cssSelector("tbody tr")).size() == 10);
        shot("vectors");
    }

    @Test
    @Order(3)
    void promoteAModelWithConfirmation() throws Exception {
        go("models");
        rowClick("models-table", "ranker");
        new Select(testid("stage-select-2")).selectByValue("Production");
        testid("stage-apply-2").click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> "Production".equals(d.findElement(By.cssSelector("[data-testid='stage-2']")).getText()));
        assertEquals("Archived", testid("stage-1").getText());
        try (ModelRegistry reg = ModelRegistry.open(db)) {
            assertEquals(Stage.PRODUCTION, reg.version("ranker", 2).stage());
            assertEquals(Stage.ARCHIVED, reg.version("ranker", 1).stage());
        }
        shot("models");
    }

    @Test
    @Order(4)
    void experimentsMetricChartAndComparison() throws Exception {
        go("experiments");
        rowClick("experiments-table", "tuning");
        WebElement chart = testid("metric-chart");
        wait.until(d -> !chart.findElements(By.tagName("canvas")).isEmpty());
        testid("compare-go").click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid='compare']")).getText().contains("param:lr"));
        shot("experiments");
    }

    @Test
    @Order(5)
    void statistics() throws Exception {
        go("stats");
        assertTrue(testid("stats-cards").getText().contains("live user keys"));
        WebElement tree = testid("treemap");
        wait.until(d -> !tree.findElements(By.tagName("canvas")).isEmpty());
        shot("stats");
    }

    @Test
    @Order(6)
    void verifyPassesThenReportsInjectedFaults() throws Exception {
        go("maintenance");
        testid("verify-go").click();
        wait.until(d -> d.findElements(By.cssSelector("[data-testid='verify-verdict']")).size() == 1);
        assertEquals("OK: no problems", testid("verify-verdict").getText());
        shot("maintenance");
        List<Long> offsets = Faults.writeRecords(db, "fault:", 6);
        Faults.flip(dir.resolve("db"), offsets.get(1) + 20);
        Faults.flip(dir.resolve("db"), offsets.get(4) + 20);
        testid("verify-go").click();
        wait.until(d -> d.findElements(By.cssSelector("[data-testid='verify-problems']")).size() == 1);
        String problems = testid("verify-problems").getText();
        assertTrue(problems.contains(" " + offsets.get(1) + " ") && problems.contains(" " + offsets.get(4) + " "), problems);
        assertTrue(testid("verify-verdict").getText().startsWith("2 problem(s)"), testid("verify-verdict").getText());
        shot("maintenance-faults");
    }

    @Test
    @Order(7)
    void noRequestLeftTheStudio() {
        assumeTrue(driver != null);
        String origin = studio.baseUri().toString(); // http://127.0.0.1:PORT/
        Pattern url = Pattern.compile("\"method\":\"Network.requestWillBeSent\".*?\"url\":\"([^\"]+)\"");
        List<String> foreign = new ArrayList<>();
        int requests = 0;
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            Matcher m = url.matcher(e.getMessage());
            if (m.find()) {
                requests++;
                String u = m.group(1);
                if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:") && !u.equals("about:blank")) {
                    foreign.add(u);
                }
            }
        }
        // the last page's own view of what it loaded, too
        @SuppressWarnings("unchecked")
        List<Object> resources = (List<Object>) ((JavascriptExecutor) driver).executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        for (Object r : resources) {
            if (!String.valueOf(r).startsWith(origin)) {
                foreign.add(String.valueOf(r));
            }
        }
        assertTrue(requests > 10, "the performance log saw " + requests + " requests");
        assertEquals(List.of(), foreign, "requests to other hosts");
    }
}
