// Interop client: the official TypeScript SDK (`@modelcontextprotocol/sdk`) drives our fixture
// server (`<binary> serve --stdio`) over stdio and prints ONE JSON object describing what it
// observed. The Rust test `tests/ts_sdk_stdio.rs` installs the SDK, copies this file next to
// its node_modules, runs it and asserts on the JSON. This script only observes: it does not
// decide what is correct.
//
// Usage: node ts_sdk_stdio_client.mjs <path-to-mcp-conformance-binary>

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

const binary = process.argv[2];
if (!binary) {
  console.error('usage: node ts_sdk_stdio_client.mjs <mcp-conformance binary>');
  process.exit(2);
}

// The elicitation answer the registered handler gives, echoed by the tool result.
const ELICIT_ANSWER = { username: 'octocat', email: 'octocat@example.com' };
const SAMPLED_TEXT = 'Sampled by the TypeScript SDK client';

const observed = { sdk: 'typescript', steps: [] };

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
  { name: 'ts-sdk-interop-client', version: '1.0.0' },
  // `applyDefaults`: the SDK fills omitted form fields from the schema's `default`s (SEP-1034).
  { capabilities: { sampling: {}, elicitation: { form: { applyDefaults: true } } } },
);

const logs = [];
client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
  logs.push(notification.params);
});

const elicitations = [];
client.setRequestHandler(ElicitRequestSchema, async (request) => {
  const properties = request.params.requestedSchema?.properties ?? {};
  // Key order as received (JSON.parse keeps it): the form's display order.
  elicitations.push({ params: request.params, propertyOrder: Object.keys(properties) });
  if ('username' in properties) {
    if (request.params.message.includes('decline')) {
      return { action: 'decline' };
    }
    return { action: 'accept', content: ELICIT_ANSWER };
  }
  if ('untitledMulti' in properties) {
    return {
      action: 'accept',
      content: {
        untitledSingle: 'option2',
        titledSingle: 'value3',
        legacyEnum: 'opt1',
        untitledMulti: ['option1', 'option3'],
        titledMulti: ['value2'],
      },
    };
  }
  // The SEP-1034 defaults form: fill one field; the SDK applies the defaults to the others.
  return { action: 'accept', content: { name: 'Jane Smith' } };
});

const samplings = [];
client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
  samplings.push(request.params);
  return {
    role: 'assistant',
    content: { type: 'text', text: SAMPLED_TEXT },
    model: 'interop-test-model',
    stopReason: 'endTurn',
  };
});

const transport = new StdioClientTransport({ command: binary, args: ['serve', '--stdio'], stderr: 'inherit' });
// The SDK calls this (when present) with the negotiated version after `initialize`.
transport.setProtocolVersion = (version) => {
  observed.protocolVersion = version;
};

try {
  await client.connect(transport);
  observed.serverInfo = client.getServerVersion();
  observed.serverCapabilities = client.getServerCapabilities();
  observed.instructions = client.getInstructions();
  const serverProcess = transport._process;

  await step('ping', () => client.ping());

  await step('tools', async () => {
    const { tools } = await client.listTools();
    return tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema }));
  });

  const call = (name, args = {}, options) => client.callTool({ name, arguments: args }, undefined, options);
  await step('simpleText', () => call('test_simple_text'));
  await step('image', () => call('test_image_content'));
  await step('audio', () => call('test_audio_content'));
  await step('embeddedResource', () => call('test_embedded_resource'));
  await step('mixedContent', () => call('test_multiple_content_types'));
  await step('errorHandling', () => call('test_error_handling'));
  await step('addNumbers', () => call('add_numbers', { a: 19, b: 23.5 }));
  await step('invalidArguments', () => call('add_numbers', { a: 'nineteen', b: 1 }));
  await step('unknownTool', () => call('no_such_tool'));

  await step('progress', async () => {
    const notifications = [];
    const result = await call('test_tool_with_progress', {}, {
      onprogress: (p) => notifications.push(p),
    });
    return { result, notifications };
  });

  await step('setLevel', () => client.setLoggingLevel('debug'));
  await step('logging', async () => {
    const before = logs.length;
    const result = await call('test_tool_with_logging');
    return { result, notifications: logs.slice(before) };
  });
  await step('setLevelError', () => client.setLoggingLevel('error'));
  await step('loggingFiltered', async () => {
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
  await step('elicitationDefaults', async () => {
    const result = await call('test_elicitation_sep1034_defaults');
    return { result, request: elicitations.at(-1) };
  });
  await step('elicitationEnums', async () => {
    const result = await call('test_elicitation_sep1330_enums');
    return { result, request: elicitations.at(-1) };
  });

  await step('resources', async () => (await client.listResources()).resources);
  await step('resourceTemplates', async () => (await client.listResourceTemplates()).resourceTemplates);
  await step('readText', () => client.readResource({ uri: 'test://static-text' }));
  await step('readBinary', () => client.readResource({ uri: 'test://static-binary' }));
  await step('readTemplate', () => client.readResource({ uri: 'test://template/123/data' }));
  await step('readUnknown', () => client.readResource({ uri: 'test://no-such-resource' }));
  await step('subscribe', () => client.subscribeResource({ uri: 'test://watched-resource' }));
  await step('unsubscribe', () => client.unsubscribeResource({ uri: 'test://watched-resource' }));

  await step('prompts', async () => (await client.listPrompts()).prompts);
  await step('promptSimple', () => client.getPrompt({ name: 'test_simple_prompt' }));
  await step('promptWithArguments', () =>
    client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'hello', arg2: 'world' } }),
  );
  await step('promptMissingArgument', () =>
    client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'only one' } }),
  );
  await step('promptEmbeddedResource', () =>
    client.getPrompt({
      name: 'test_prompt_with_embedded_resource',
      arguments: { resourceUri: 'test://example-resource' },
    }),
  );
  await step('promptImage', () => client.getPrompt({ name: 'test_prompt_with_image' }));

  await step('completion', () =>
    client.complete({
      ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
      argument: { name: 'arg1', value: 'pa' },
    }),
  );
  await step('completionNoMatch', () =>
    client.complete({
      ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
      argument: { name: 'arg1', value: 'zzz' },
    }),
  );

  const started = Date.now();
  await client.close();
  observed.close = {
    millis: Date.now() - started,
    exitCode: serverProcess?.exitCode ?? null,
    signal: serverProcess?.signalCode ?? null,
  };
} catch (error) {
  observed.fatal = String(error?.stack ?? error);
  try {
    await client.close();
  } catch {
    // the connection is already gone
  }
}

process.stdout.write(`${JSON.stringify(observed)}\n`);
