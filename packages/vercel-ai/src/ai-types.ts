import type { LanguageModelMiddleware } from 'ai';

// Every AI SDK type this package touches is derived from the `LanguageModelMiddleware` of the `ai`
// the application installed: `LanguageModelV3Middleware` on ai 6, the V4 alias on ai 7. One
// implementation, written against these derived types, therefore type-checks against both majors
// (the package's own typecheck runs it against each), and users never pick a version-specific
// entry point. Nothing here exists at run time.

type Hooks = Required<
  Pick<LanguageModelMiddleware, 'transformParams' | 'wrapGenerate' | 'wrapStream'>
>;

export type { LanguageModelMiddleware };

/** The call options a model receives (`LanguageModelV3CallOptions` / `LanguageModelV4CallOptions`). */
export type CallOptions = Parameters<Hooks['transformParams']>[0]['params'];
export type WrapStreamOptions = Parameters<Hooks['wrapStream']>[0];
export type WrapGenerateOptions = Parameters<Hooks['wrapGenerate']>[0];
export type StreamResult = Awaited<ReturnType<Hooks['wrapStream']>>;
export type GenerateResult = Awaited<ReturnType<Hooks['wrapGenerate']>>;
/** One part of a model's stream (`LanguageModelV3StreamPart` / `LanguageModelV4StreamPart`). */
export type StreamPart = StreamResult['stream'] extends ReadableStream<infer P> ? P : never;
export type ProviderMetadata = NonNullable<GenerateResult['providerMetadata']>;
/** A JSON value as the provider spec defines it (what `providerMetadata` may hold). */
export type JSONValue = Exclude<ProviderMetadata[string][string], undefined>;
export type JSONObject = ProviderMetadata[string];
export type Usage = GenerateResult['usage'];
export type Content = GenerateResult['content'][number];
