import { getInMemoryEventStore } from "@hazard-ledger/core";
import { describeEventStoreConformance } from "./describeEventStoreConformance.js";

describeEventStoreConformance("in-memory store", () => getInMemoryEventStore());
