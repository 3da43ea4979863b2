// An independent OPC UA client (node-opcua) for ScadaNodeOpcuaIT and for trying a running engine by hand:
//   node scada-client.js URL CHANGES HISTORY_START HISTORY_END PAGE_SIZE [TWIN_PATH]
// It connects with security None as an anonymous user, browses Objects/minetwin/..., reads a channel and its
// component's Health/FailureProbability7d, subscribes to the channel until CHANGES values arrived, and reads
// the channel's history raw (PAGE_SIZE values per call, following continuation points) and as hourly averages.
// Each finding is printed as one line of tab-separated fields, the first naming what it is.
const {
  OPCUAClient, MessageSecurityMode, SecurityPolicy, AttributeIds, TimestampsToReturn,
  ClientSubscription, ClientMonitoredItem, makeBrowsePath, AggregateFunction
} = require("node-opcua");

const [url, changesArg, startArg, endArg, pageArg, pathArg] = process.argv.slice(2);
const wanted = parseInt(changesArg || "3", 10);
const path = (pathArg || "baiyun/shovel-07/hoist-motor/winding-temp").split("/");
const out = (...fields) => console.log(fields.map(f => String(f)).join("\t"));

(async () => {
  const client = OPCUAClient.create({
    applicationName: "node-opcua scada test client",
    endpointMustExist: false,
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    connectionStrategy: { maxRetry: 1, initialDelay: 100, maxDelay: 500 }
  });
  await client.connect(url);
  const session = await client.createSession();
  const ns = (await session.readNamespaceArray()).indexOf("urn:minetwin:twins");
  out("NAMESPACE", ns);

  // Browse step by step from Objects, as a SCADA engineer's client does.
  let nodeId = "ns=0;i=85";
  for (const name of ["minetwin", ...path.slice(0, 3)]) {
    const br = await session.browse(nodeId);
    const names = br.references.map(r => r.browseName.name);
    out("BROWSE", nodeId.toString(), names.join(","));
    const ref = br.references.find(r => r.browseName.name === name);
    if (!ref) throw new Error(name + " not found under " + nodeId + ": " + names);
    nodeId = ref.nodeId;
  }
  const component = nodeId;
  const channelPath = makeBrowsePath(component, "/" + ns + ":" + path[3]);
  const channel = (await session.translateBrowsePath(channelPath)).targets[0].targetId;
  const p7dPath = makeBrowsePath(component, "/" + ns + ":Health/" + ns + ":FailureProbability7d");
  const p7d = (await session.translateBrowsePath(p7dPath)).targets[0].targetId;

  const v = await session.read({ nodeId: channel, attributeId: AttributeIds.Value });
  out("READ", v.statusCode.name, v.value.value, v.sourceTimestamp && v.sourceTimestamp.toISOString(), channel.toString());
  const p = await session.read({ nodeId: p7d, attributeId: AttributeIds.Value });
  out("HEALTH", p.statusCode.name, p.value.value, p7d.toString());

  const sub = ClientSubscription.create(session, {
    requestedPublishingInterval: 50, requestedLifetimeCount: 1000, requestedMaxKeepAliveCount: 10,
    maxNotificationsPerPublish: 1000, publishingEnabled: true, priority: 1
  });
  const item = ClientMonitoredItem.create(sub, { nodeId: channel, attributeId: AttributeIds.Value },
    { samplingInterval: 0, discardOldest: false, queueSize: 1000 }, TimestampsToReturn.Both);
  let seen = 0;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("only " + seen + " changes in 60 s")), 60000);
    item.on("changed", dv => {
      if (seen >= wanted) return;
      out("CHANGE", dv.statusCode.name, dv.value.value, dv.sourceTimestamp && dv.sourceTimestamp.toISOString());
      if (++seen >= wanted) { clearTimeout(timer); resolve(); }
    });
  });
  await sub.terminate();

  if (startArg) {
    const start = new Date(startArg);
    const end = new Date(endArg);
    const page = parseInt(pageArg || "10", 10);
    const values = [];
    let cp = null;
    let pages = 0;
    do {
      const r = await session.readHistoryValue({ nodeId: channel, continuationPoint: cp }, start, end,
        { numValuesPerNode: page, timestampsToReturn: TimestampsToReturn.Source });
      if (r.statusCode.isNotGood && r.statusCode.isNotGood() && r.statusCode.name !== "GoodNoData") {
        throw new Error("history read: " + r.statusCode.toString());
      }
      const dvs = (r.historyData && r.historyData.dataValues) || [];
      dvs.forEach(dv => values.push([dv.sourceTimestamp.toISOString(), dv.value.value]));
      cp = r.continuationPoint && r.continuationPoint.length ? r.continuationPoint : null;
      pages++;
    } while (cp);
    out("HISTORY", pages, values.length);
    values.forEach(v => out("RAW", v[0], v[1]));
    const agg = await session.readAggregateValue({ nodeId: channel }, start, end, AggregateFunction.Average, 3600000);
    (agg.historyData.dataValues || []).forEach(dv => out("AVERAGE", dv.sourceTimestamp.toISOString(), dv.value.value,
      dv.statusCode.name));
  }
  await session.close();
  await client.disconnect();
  out("DONE");
  process.exit(0);
})().catch(e => { out("ERROR", String(e && e.stack || e)); process.exit(1); });
