package io.minetwin.engine.cli;

import picocli.CommandLine;

/**
 * Reads a decimal number on the command line, refusing {@code NaN} and the infinities, which Java would read as
 * numbers and which no option of minetwin means: every threshold, rate or size is a finite number.
 */
final class FiniteDoubleConverter implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String text) {
        double d;
        try {
            d = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a number; give a decimal number such"
                    + " as 0.5");
        }
        if (!Double.isFinite(d)) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a finite number; give a decimal"
                    + " number such as 0.5");
        }
        return d;
    }
}
