import { createRequire } from "node:module";

// The server speaks the protocol through the very code the client is generated from: the
// protobuf classes and gRPC service definitions shipped in `@eventstore/db-client/generated`.
// They are loaded from the client's own location, so their `instanceof` checks (in the
// generated serializers) and their `google-protobuf` runtime are the client's; a copy of
// our own would be a second protobuf runtime that the serializers refuse.
const requireFromClient = createRequire(createRequire(import.meta.url).resolve("@eventstore/db-client"));

type StreamsPb = typeof import("@eventstore/db-client/generated/streams_pb.js");
type StreamsGrpcPb = typeof import("@eventstore/db-client/generated/streams_grpc_pb.js");
type SharedPb = typeof import("@eventstore/db-client/generated/shared_pb.js");
type StatusPb = typeof import("@eventstore/db-client/generated/status_pb.js");
type CodePb = typeof import("@eventstore/db-client/generated/code_pb.js");
type ServerFeaturesPb = typeof import("@eventstore/db-client/generated/serverfeatures_pb.js");
type ServerFeaturesGrpcPb = typeof import("@eventstore/db-client/generated/serverfeatures_grpc_pb.js");

export const streamsPb = requireFromClient("../generated/streams_pb.js") as StreamsPb;
export const streamsGrpcPb = requireFromClient("../generated/streams_grpc_pb.js") as StreamsGrpcPb;
export const sharedPb = requireFromClient("../generated/shared_pb.js") as SharedPb;
export const statusPb = requireFromClient("../generated/status_pb.js") as StatusPb;
export const codePb = requireFromClient("../generated/code_pb.js") as CodePb;
export const serverFeaturesPb = requireFromClient("../generated/serverfeatures_pb.js") as ServerFeaturesPb;
export const serverFeaturesGrpcPb = requireFromClient(
  "../generated/serverfeatures_grpc_pb.js",
) as ServerFeaturesGrpcPb;

/** `google.protobuf.Any`, as `Status.details` holds it (typed through the generated status). */
type AnyMessage = NonNullable<ReturnType<InstanceType<StatusPb["Status"]>["getDetails"]>>;
const anyPb = requireFromClient("google-protobuf/google/protobuf/any_pb.js") as {
  readonly Any: new () => AnyMessage;
};

/** A message packed in an `Any` under its full protobuf name, as the server packs error details. */
export const packAny = (message: { serializeBinary(): Uint8Array }, typeName: string): AnyMessage => {
  const any = new anyPb.Any();
  any.pack(message.serializeBinary(), typeName);
  return any;
};

/** `google.protobuf.Empty`, which some newer fields take where older ones took the client's own `Empty`. */
type GoogleEmptyMessage = NonNullable<
  Parameters<InstanceType<StreamsPb["BatchAppendResp"]["Success"]>["setNoStream"]>[0]
>;
export const GoogleEmpty = (
  requireFromClient("google-protobuf/google/protobuf/empty_pb.js") as {
    readonly Empty: new () => GoogleEmptyMessage;
  }
).Empty;
