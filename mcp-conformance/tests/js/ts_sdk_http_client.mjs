// Interop client over HTTP: the official TypeScript SDK (`@modelcontextprotocol/sdk`) drives our
// fixture server, which the Rust test `tests/ts_sdk_http.rs` serves in-process on 127.0.0.1,
// through the SDK's `StreamableHTTPClientTransport` or its `SSEClientTransport`, and prints ONE
// JSON object describing what it observed. The Rust test asserts on it; this script only
// observes and does not decide what is correct.
//
// Usage: node ts_sdk_http_client.mjs <url> <streamable-http|sse>

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

const [url, transportName] = process.argv.slice(2);
if (!url || !['streamable-http', 'sse'].includes(transportName)) {
  console.error('usage: node ts_sdk_http_client.mjs <url> <streamable-http|sse>');
  process.exit(2);
}

// The elicitation answer the registered handler gives, echoed by the tool result.
const ELICIT_ANSWER = { username: 'octocat', email: 'octocat@example.com' };
const SAMPLED_TEXT = 'Sampled by the TypeScript SDK client over HTTP';

const observed = { sdk: 'typescript', transport: transportName, steps: [] };

// Records the outcome of one step: its value, or the error's code and message.
async function step(name, fn) {
  try {
    observed[name] = await fn();
  } catch (error) {
    observed[name] = { error: { code: error?.code ?? null, message: String(error?.message ?? error) } };
  }
  observed.steps.push(name);
}

const client = new Client(
  { name: 'ts-sdk-http-interop-client', version: '1.0.0' },
  { capabilities: { sampling: {}, elicitation: { form: {} } } },
);

const logs = [];
client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
  logs.push(notification.params);
});

const elicitations = [];
client.setRequestHandler(ElicitRequestSchema, async (request) => {
  elicitations.push(request.params);
  if (request.params.message.includes('decline')) {
    return { action: 'decline' };
  }
  return { action: 'accept', content: ELICIT_ANSWER };
});

const samplings = [];
client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
  samplings.push(request.params);
  return {
    role: 'assistant',
    content: { type: 'text', text: SAMPLED_TEXT },
    model: 'interop-http-test-model',
    stopReason: 'endTurn',
  };
});

const transport =
  transportName === 'sse' ? new SSEClientTransport(new URL(url)) : new StreamableHTTPClientTransport(new URL(url));
// The SDK calls this with the negotiated version after `initialize` (and then sends it as
// `MCP-Protocol-Version`): record it and keep the transport's own behaviour.
const setProtocolVersion = transport.setProtocolVersion?.bind(transport);
transport.setProtocolVersion = (version) => {
  observed.protocolVersion = version;
  setProtocolVersion?.(version);
};
const transportErrors = [];
// Every message the transport delivered, in arrival order.
const wire = [];
const onerror = (error) => transportErrors.push(String(error?.message ?? error));

try {
  await client.connect(transport);
  // Observe the transport without changing what the SDK does with its messages and errors.
  const sdkOnError = transport.onerror;
  transport.onerror = (error) => {
    onerror(error);
    sdkOnError?.(error);
  };
  const sdkOnMessage = transport.onmessage;
  transport.onmessage = (message, extra) => {
    wire.push(message);
    sdkOnMessage?.(message, extra);
  };
  observed.sessionId = transport.sessionId ?? null;
  observed.serverInfo = client.getServerVersion();
  observed.serverCapabilities = client.getServerCapabilities();

  await step('ping', () => client.ping());
  await step('tools', async () => (await client.listTools()).tools.map((t) => t.name));

  const call = (name, args = {}, options) => client.callTool({ name, arguments: args }, undefined, options);
  await step('simpleText', () => call('test_simple_text'));
  await step('image', () => call('test_image_content'));
  await step('embeddedResource', () => call('test_embedded_resource'));
  await step('addNumbers', () => call('add_numbers', { a: 19, b: 23.5 }));
  await step('errorHandling', () => call('test_error_handling'));
  await step('unknownTool', () => call('no_such_tool'));

  await step('progress', async () => {
    const notifications = [];
    const before = wire.length;
    const result = await call('test_tool_with_progress', {}, { onprogress: (p) => notifications.push(p) });
    // What arrived on the wire for this call: its progress notifications and its response.
    // (The SDK dispatches notifications in a microtask but responses synchronously, so a last
    // progress that arrives in the same read as the response can miss `onprogress`:
    // modelcontextprotocol/typescript-sdk#2580. The wire order is what the server controls.)
    const onWire = wire
      .slice(before)
      .filter((m) => m.method === 'notifications/progress' || 'result' in m || 'error' in m)
      .map((m) => (m.method ? { progress: m.params.progress, total: m.params.total } : { response: m.id }));
    return { result, notifications, onWire };
  });

  await step('setLevel', () => client.setLoggingLevel('info'));
  await step('logging', async () => {
    const before = logs.length;
    const result = await call('test_tool_with_logging');
    return { result, notifications: logs.slice(before) };
  });

  await step('sampling', async () => {
    const result = await call('test_sampling', { prompt: 'What is the capital of France?' });
    return { result, requests: samplings.slice() };
  });
  await step('elicitation', async () => {
    const result = await call('test_elicitation', { message: 'Please provide your information' });
    return { result, request: elicitations.at(-1) };
  });
  await step('elicitationDeclined', async () => {
    const result = await call('test_elicitation', { message: 'Please decline this request' });
    return { result, request: elicitations.at(-1) };
  });

  await step('resources', async () => (await client.listResources()).resources.map((r) => r.uri));
  await step('resourceTemplates', async () =>
    (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate),
  );
  await step('readText', () => client.readResource({ uri: 'test://static-text' }));
  await step('readBinary', () => client.readResource({ uri: 'test://static-binary' }));
  await step('readTemplate', () => client.readResource({ uri: 'test://template/123/data' }));
  await step('readUnknown', () => client.readResource({ uri: 'test://no-such-resource' }));

  await step('prompts', async () => (await client.listPrompts()).prompts.map((p) => p.name));
  await step('promptSimple', () => client.getPrompt({ name: 'test_simple_prompt' }));
  await step('promptWithArguments', () =>
    client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'hello', arg2: 'world' } }),
  );
  await step('promptEmbeddedResource', () =>
    client.getPrompt({
      name: 'test_prompt_with_embedded_resource',
      arguments: { resourceUri: 'test://example-resource' },
    }),
  );
  await step('completion', () =>
    client.complete({
      ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
      argument: { name: 'arg1', value: 'pa' },
    }),
  );

  if (transportName === 'streamable-http') {
    // DELETE ends the session; the transport forgets the id.
    await step('terminateSession', async () => {
      await transport.terminateSession();
      return { sessionIdAfter: transport.sessionId ?? null };
    });
  }
  await client.close();
  observed.transportErrors = transportErrors;
} catch (error) {
  observed.fatal = String(error?.stack ?? error);
  try {
    await client.close();
  } catch {
    // the connection is already gone
  }
}

process.stdout.write(`${JSON.stringify(observed)}\n`);
