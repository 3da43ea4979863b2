/**
 * Guarded write-back: commands that set a writable channel (a set point the asset type declares
 * {@code writable}) on the equipment. A command is requested, validated (declared writable, range and step,
 * the interlock on the twin's live {@code machine.state}, Good quality, the connection up), confirmed by a
 * second, different user where the channel says {@code confirm: two-person}, written through the OPC UA
 * connection and verified by reading it back; each step is an audit entry. {@link
 * io.minetwin.engine.command.CommandService} does the work, {@link io.minetwin.engine.command.CommandWriter}
 * reaches the equipment.
 */
package io.minetwin.engine.command;
