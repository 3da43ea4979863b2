package io.minetwin.simulator;

/** Receives generated samples one by one, without boxing: the series index, epoch milliseconds and value. */
@FunctionalInterface
public interface SampleSink {
    /**
     * @param series index into {@link FleetSimulation#series()}
     * @param time   source time, epoch milliseconds (simulated time)
     * @param value  the reading as history stores it: numbers as they are, booleans 0/1, states by index
     */
    void accept(int series, long time, double value);
}
