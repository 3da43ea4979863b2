package io.minetwin.engine.api;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard's browser tests drive Debian's headless {@code chromium} through {@code chromium-driver}; a test
 * class is skipped (not failed) on a machine without them. Screenshots go to {@code target/screenshots/}.
 */
public final class HeadlessBrowser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern BLANK = Pattern.compile("\\b(null|undefined|NaN)\\b");

    private final Path profile;
    private final WebDriver driver;

    private HeadlessBrowser(Path profile, WebDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    /** Starts Chromium with a fresh profile, or skips the calling test when it is not installed. */
    public static HeadlessBrowser start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        Path profile = Files.createTempDirectory("minetwin-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath(),
                // the demo serves HTTPS with a self-signed certificate
                "--ignore-certificate-errors");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new HeadlessBrowser(profile, new ChromeDriver(service, options));
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens the dashboard at {@code base} and signs in with {@code token}. */
    public void signIn(String base, String token) {
        driver.get(base + "/");
        await(() -> !driver.findElements(By.id("token")).isEmpty(), "the sign-in form", Duration.ofSeconds(15));
        WebElement input = driver.findElement(By.id("token"));
        input.clear();
        input.sendKeys(token);
        driver.findElement(By.cssSelector("form button")).click();
    }

    /** Clicks once the element is there and stays put: live updates may redraw a table under the cursor. */
    public void click(By by, String what) {
        await(() -> {
            driver.findElement(by).click();
            return true;
        }, what);
    }

    public void await(BooleanSupplier condition, String what) {
        await(condition, what, Duration.ofSeconds(15));
    }

    /** Waits for {@code condition} until {@code timeout}; a page being redrawn is looked at again. */
    public void await(BooleanSupplier condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException stale) {
                // the page is being redrawn; look again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; page: "
                        + driver.getPageSource());
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    public void scrollTo(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", element);
    }

    public void scrollToTop() {
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
    }

    /**
     * Takes a screenshot into {@code target/screenshots/NAME.png}, after checking that the page shows no value a
     * script failed to fill in ({@code null}, {@code undefined}, {@code NaN}).
     */
    public Path screenshot(String name) throws IOException {
        String text = driver.findElement(By.tagName("body")).getText();
        Matcher blank = BLANK.matcher(text);
        if (blank.find()) {
            throw new AssertionError("the " + name + " page shows '" + blank.group() + "': " + text);
        }
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Path target = dir.resolve(name + ".png");
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }
}
