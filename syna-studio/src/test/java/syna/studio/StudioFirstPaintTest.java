package syna.studio;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import syna.api.Database;
import syna.api.Syna;

/**
 * Not a test of the default build: bench/studio.sh runs it with {@code -Dsyna.studio.bench.db=DIR} on the
 * large bench database (under the bench lock) and it prints, per page, the time from navigation start to
 * the page's data shown ({@code data-ready}) and the browser's first contentful paint. Skipped otherwise.
 */
class StudioFirstPaintTest {
    @Test
    void firstPaintOfEveryPage() throws Exception {
        String dbDir = System.getProperty("syna.studio.bench.db", "");
        assumeTrue(!dbDir.isEmpty(), "bench only: set -Dsyna.studio.bench.db=DIR (bench/studio.sh does)");
        assumeTrue(Files.isExecutable(StudioBrowserTest.CHROMIUM) && Files.isExecutable(StudioBrowserTest.CHROMEDRIVER),
                "no Chromium: apt-get install -y chromium chromium-driver");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(StudioBrowserTest.CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-dev-shm-usage", "--no-first-run", "--window-size=1280,860");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(StudioBrowserTest.CHROMEDRIVER.toString())).usingAnyFreePort().build();
        try (Database db = Syna.open(Path.of(dbDir)); Studio studio = Studio.start(db, StudioOptions.defaults())) {
            ChromeDriver driver = new ChromeDriver(service, o);
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
                JavascriptExecutor js = driver;
                double worst = 0;
                System.out.printf(Locale.ROOT, "[studio-bench] test JVM: max heap %d MB, %d processors%n",
                        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
                for (String page : List.of("keys", "vectors", "models", "experiments", "stats", "maintenance")) {
                    driver.get("about:blank");
                    driver.get(studio.uri() + "#/" + page);
                    wait.until(d -> "true".equals(d.findElement(By.id("main")).getAttribute("data-ready")));
                    Object ready = js.executeScript("return window.synaFirstPaint['" + page + "']");
                    Object fcp = js.executeScript("const e = performance.getEntriesByName('first-contentful-paint')[0]; return e ? e.startTime : -1");
                    double readyMs = ((Number) ready).doubleValue();
                    worst = Math.max(worst, readyMs);
                    System.out.printf(Locale.ROOT, "[studio-bench] page %-12s data shown %7.1f ms after navigation start, first contentful paint %7.1f ms%n",
                            page, readyMs, ((Number) fcp).doubleValue());
                }
                // the 3D view: click the first store, until the canvas has its points
                driver.get(studio.uri() + "#/vectors");
                wait.until(d -> "true".equals(d.findElement(By.id("main")).getAttribute("data-ready")));
                long t0 = System.nanoTime();
                var stores = driver.findElements(By.cssSelector("[data-testid='stores-table'] tbody tr"));
                if (!stores.isEmpty()) {
                    stores.getFirst().click();
                    wait.until(d -> d.findElements(By.cssSelector("[data-testid='view3d'][data-points]")).size() == 1);
                    System.out.printf(Locale.ROOT, "[studio-bench] vector store opened and 3D view drawn: %.1f ms after the click (%s points)%n",
                            (System.nanoTime() - t0) / 1e6, driver.findElement(By.cssSelector("[data-testid='view3d']")).getAttribute("data-points"));
                }
                // search a key prefix on the keys page
                driver.get(studio.uri() + "#/keys");
                wait.until(d -> "true".equals(d.findElement(By.id("main")).getAttribute("data-ready")));
                String prefix = db.keys().get(db.keys().size() / 2).substring(0, 4);
                driver.findElement(By.cssSelector("[data-testid='key-search']")).sendKeys(prefix);
                t0 = System.nanoTime();
                driver.findElement(By.cssSelector("[data-testid='key-search-go']")).click();
                wait.until(d -> d.findElement(By.cssSelector(".muted + .row, [data-testid='keys-table']")) != null
                        && d.findElement(By.cssSelector("[data-testid='keys-table']")).getText().lines().skip(1)
                                .allMatch(l -> l.startsWith(prefix)));
                System.out.printf(Locale.ROOT, "[studio-bench] prefix search shown %.1f ms after the click%n", (System.nanoTime() - t0) / 1e6);
                assertTrue(worst > 0);
            } finally {
                driver.quit();
            }
        }
    }
}
