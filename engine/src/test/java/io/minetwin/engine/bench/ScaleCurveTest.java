package io.minetwin.engine.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleCurveTest {

    private static final double[] SIZES = {1_000, 10_000, 100_000};

    @Test
    void aLinearCostHasExponentOneAndIsNotFlagged() {
        ScaleCurve c = new ScaleCurve("ingest", "t", "series", "s", SIZES, new double[] {0.2, 2.0, 20.0});
        assertEquals(1.0, c.exponent(), 1e-9);
        assertEquals(0.2 / 1_000, c.factor(), 1e-12);
        assertFalse(c.worseThanLinear());
    }

    @Test
    void aQuadraticCostIsFlaggedAndAFlatOneIsNot() {
        ScaleCurve quadratic = new ScaleCurve("q", "t", "n", "s", SIZES, new double[] {1, 100, 10_000});
        assertEquals(2.0, quadratic.exponent(), 1e-9);
        assertTrue(quadratic.worseThanLinear());
        ScaleCurve flat = new ScaleCurve("f", "t", "n", "s", SIZES, new double[] {3, 3, 3});
        assertEquals(0.0, flat.exponent(), 1e-9);
        assertFalse(flat.worseThanLinear());
    }

    @Test
    void theFitIsLeastSquaresOnLogarithms() {
        // log10 costs 0, 1.3, 2 at log10 sizes 3, 4, 5: slope = sum(dx*dy)/sum(dx^2) = (-1*-1.1 + 1*0.9)/2 = 1.0
        double[] costs = {1, Math.pow(10, 1.3), 100};
        ScaleCurve c = new ScaleCurve("n", "t", "n", "s", SIZES, costs);
        assertEquals(1.0, c.exponent(), 1e-9);
        // just above the tolerance
        ScaleCurve steep = new ScaleCurve("n", "t", "n", "s", SIZES, new double[] {1, 13, 170});
        assertEquals(Math.log10(170) / 2, steep.exponent(), 0.05);
        assertTrue(steep.worseThanLinear());
    }

    @Test
    void aCurveThatTurnsUpAtTheLargestSizeIsFlaggedThoughItsFitIsBelowLinear() {
        // flat until 10,000, then 30 times the cost for 10 times the size
        ScaleCurve c = new ScaleCurve("n", "t", "n", "s", SIZES, new double[] {1, 1, 30});
        assertTrue(c.exponent() < 1.1, "fit " + c.exponent());
        assertEquals(Math.log10(30), c.largestStepExponent(), 1e-9);
        assertTrue(c.worseThanLinear());
    }

    @Test
    void refusesCurvesThatCannotBeFitted() {
        assertThrows(IllegalArgumentException.class,
                () -> new ScaleCurve("n", "t", "n", "s", new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> new ScaleCurve("n", "t", "n", "s", SIZES, new double[] {1, 0, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> new ScaleCurve("n", "t", "n", "s", SIZES, new double[] {1, Double.NaN, 2}));
        assertThrows(IllegalStateException.class,
                () -> new ScaleCurve("n", "t", "n", "s", new double[] {5, 5}, new double[] {1, 2}).exponent());
    }

    @Test
    void keepsItsOwnCopiesOfTheArrays() {
        double[] costs = {1, 2, 3};
        ScaleCurve c = new ScaleCurve("n", "t", "n", "s", SIZES, costs);
        costs[0] = 99;
        c.costs()[1] = 99;
        assertArrayEquals(new double[] {1, 2, 3}, c.costs());
    }

    @Test
    void writesAPngChart(@TempDir Path dir) throws Exception {
        ScaleCurve c = new ScaleCurve("ingest", "Ingest", "series", "seconds", SIZES, new double[] {0.3, 2.5, 31});
        Path png = dir.resolve("charts").resolve("scale-ingest.png");
        ScaleChart.write(c, png);
        assertTrue(Files.size(png) > 1_000, "a PNG of some size");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(ScaleChart.WIDTH, image.getWidth());
        assertEquals(ScaleChart.HEIGHT, image.getHeight());
    }
}
