// An independent OPC UA alarm client (node-opcua) for ScadaNodeOpcuaAlarmsIT and for trying a running engine by hand:
//   node scada-alarms.js URL USER PASSWORD
// It logs in as USER on the Basic256Sha256/SignAndEncrypt endpoint (retrying while the server does not yet trust
// its certificate: move it from the server's pki/rejected into pki/trusted/certs), monitors the alarms with
// node-opcua's ClientAlarmList (which calls ConditionRefresh), acknowledges the first unacknowledged alarm, waits
// for its AckedState to change, tries the same as an anonymous user on the None endpoint (expecting
// BadUserAccessDenied), and finally calls ConditionRefresh on a subscription of its own and lists what is re-sent.
// Each finding is printed as one line of tab-separated fields, the first naming what it is.
const {
  OPCUAClient, MessageSecurityMode, SecurityPolicy, AttributeIds, TimestampsToReturn, OPCUACertificateManager,
  installAlarmMonitoring, callConditionRefresh, acknowledgeCondition, constructEventFilter, resolveNodeId,
  UserTokenType
} = require("node-opcua");

const [url, user, password] = process.argv.slice(2);
const out = (...fields) => console.log(fields.map(f => String(f)).join("\t"));
const sleep = ms => new Promise(r => setTimeout(r, ms));
const value = v => (v && v.value !== undefined ? v.value : v);

async function secureSession() {
  const client = OPCUAClient.create({
    applicationName: "node-opcua scada alarm client",
    endpointMustExist: false,
    securityMode: MessageSecurityMode.SignAndEncrypt,
    securityPolicy: SecurityPolicy.Basic256Sha256,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
    clientCertificateManager: new OPCUACertificateManager({
      rootFolder: "./pki-alarm-client", automaticallyAcceptUnknownCertificate: true
    })
  });
  for (let attempt = 1; ; attempt++) {
    try {
      await client.connect(url);
      const session = await client.createSession({ type: UserTokenType.UserName, userName: user, password: password });
      out("LOGIN", user, attempt);
      return { client, session };
    } catch (err) {
      try { await client.disconnect(); } catch (ignored) { /* next attempt */ }
      if (attempt >= 60) throw new Error("cannot log in after " + attempt + " attempts: " + err.message);
      out("RETRY", attempt, err.message.split("\n")[0]);
      await sleep(500);
    }
  }
}

(async () => {
  const { client, session } = await secureSession();

  const alarms = await installAlarmMonitoring(session);
  let deadline = Date.now() + 30000;
  const unacked = () => alarms.alarms().find(a => a.getRetain() && value(a.fields.ackedState.id) === false);
  while (!unacked() && Date.now() < deadline) await sleep(50);
  for (const a of alarms.alarms()) {
    out("ALARM", a.conditionId.toString(), value(a.fields.sourceName), value(a.fields.activeState.id),
      value(a.fields.ackedState.id), a.getRetain(), value(a.fields.severity), value(a.fields.message).text);
  }
  const alarm = unacked();
  if (!alarm) throw new Error("no unacknowledged alarm within 30 s");

  // anonymous sessions are read-only: the same acknowledgement is refused
  const anon = OPCUAClient.create({
    applicationName: "node-opcua scada anonymous client", endpointMustExist: false,
    securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None,
    connectionStrategy: { maxRetry: 1, initialDelay: 100, maxDelay: 500 },
    clientCertificateManager: new OPCUACertificateManager({
      rootFolder: "./pki-alarm-anonymous", automaticallyAcceptUnknownCertificate: true
    })
  });
  await anon.connect(url);
  const anonSession = await anon.createSession();
  const refused = await acknowledgeCondition(anonSession, alarm.conditionId, alarm.eventId, "anonymous tries");
  out("ANON_ACK", refused.name);
  await anonSession.close();
  await anon.disconnect();

  const status = await alarm.acknowledge(session, "acknowledged from node-opcua");
  out("ACK", status.name, alarm.conditionId.toString());
  deadline = Date.now() + 30000;
  while (value(alarm.fields.ackedState.id) !== true && Date.now() < deadline) await sleep(50);
  out("ACKED", alarm.conditionId.toString(), value(alarm.fields.ackedState.id), value(alarm.fields.clientUserId));

  // ConditionRefresh on a subscription of our own: every retained condition is sent again, between the markers
  const sub = await session.createSubscription2({
    requestedPublishingInterval: 50, requestedLifetimeCount: 1000, requestedMaxKeepAliveCount: 10,
    maxNotificationsPerPublish: 1000, publishingEnabled: true, priority: 1
  });
  const fields = ["EventType", "SourceName", "ConditionId", "AckedState.Id", "Retain"];
  const item = await sub.monitor({ nodeId: resolveNodeId("Server"), attributeId: AttributeIds.EventNotifier },
    { samplingInterval: 0, discardOldest: false, queueSize: 1000, filter: constructEventFilter(fields) },
    TimestampsToReturn.Both);
  const received = [];
  item.on("changed", values => received.push(values));
  const refresh = await callConditionRefresh(session, sub.subscriptionId);
  out("REFRESH", refresh.name);
  const end = resolveNodeId("RefreshEndEventType").toString();
  deadline = Date.now() + 30000;
  while (!received.some(v => value(v[0]).toString() === end) && Date.now() < deadline) await sleep(50);
  for (const v of received) {
    out("EVENT", value(v[0]).toString(), value(v[1]), v[2] && value(v[2]) ? value(v[2]).toString() : "",
      value(v[3]), value(v[4]));
  }
  await sub.terminate();
  await session.close();
  await client.disconnect();
  out("DONE");
  process.exit(0);
})().catch(err => {
  console.log("ERROR\t" + (err && err.stack ? err.stack : err));
  process.exit(1);
});
