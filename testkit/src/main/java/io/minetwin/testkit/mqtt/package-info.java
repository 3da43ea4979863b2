/**
 * A real MQTT broker for tests: {@link io.minetwin.testkit.mqtt.MosquittoBroker} runs Debian's {@code mosquitto}
 * on a free loopback port with a generated configuration, optionally with users and TLS.
 */
package io.minetwin.testkit.mqtt;
