import { defineMessages, zh } from '../../core/i18n.js';

/** What /link says: the code, the confirmation each side sees, and every way a link ends. */
export const linkMessages = defineMessages({
  'zh-CN': {
    created: (p: { code: string; until: string }) => [
      `关联码：${p.code}（${p.until} 前有效，只能使用一次）。`,
      `请用你在另一个平台上的账号（例如 Telegram 或 Discord）私聊我发送：/link ${p.code}`,
      '之后两个账号都要确认，才会关联。',
    ].join('\n'),
    invalid: '这个关联码无效、已被使用或已过期。请在原来的账号上重新发送 /link 获取。',
    self: '这个关联码是你这个账号（或已经和它关联的账号）生成的。请在另一个平台的账号上输入它。',
    samePlatform: (p: { platform: string }) =>
      zh`不能关联：两边都有${p.platform}账号。只能关联不同平台上的账号（例如 Telegram 和 Discord），请用另一个平台上的账号输入关联码。`,
    privileged: [
      '不能用这个账号输入关联码：它拥有工作人员、负责人或管理员身份，而这些身份永远不会从输入关联码的一方带过去。',
      '如果两个账号都是你的：请在这个账号上发送 /link，再用另一个账号输入新的关联码。',
      '如果是别人让你输入这个关联码：请不要这样做，它会把你的账号并到对方名下。',
    ].join('\n'),
    busy: '已经有一个关联请求在等待确认。请先在那条消息上点“确认关联”或“拒绝”，或者等它过期后再试。',
    askRedeemer: (p: { creator: string; redeemer: string; until: string }) => [
      '要把这些账号关联为同一个人吗？',
      `· 生成关联码的一方：${p.creator}`,
      `· 你这一方：${p.redeemer}`,
      '关联后，工单、问卷和记录会合在一起，每个账号都能看到全部内容，并以同一个人的身份操作。',
      '只有这些账号都属于你本人时才确认。如果是别人让你输入这个关联码，请点“拒绝”。',
      `两个账号都确认后才会关联（请在 ${p.until} 前确认）。`,
    ].join('\n'),
    askCreator: (p: { creator: string; redeemer: string; until: string }) => [
      '有账号输入了你的关联码：',
      `· 你这一方：${p.creator}`,
      `· 输入关联码的一方：${p.redeemer}`,
      '关联后，工单、问卷、身份和记录会合在一起，每个账号都能看到全部内容，并以同一个人的身份操作。',
      '如果输入关联码的账号不是你本人的，说明别人拿到了你的关联码：请点“拒绝”。',
      `两个账号都确认后才会关联（请在 ${p.until} 前确认）。`,
    ].join('\n'),
    confirmButton: '确认关联',
    refuseButton: '拒绝',
    confirmed: (p: { until: string }) => `已确认。还需要在另一个账号上确认（${p.until} 前）。`,
    alreadyConfirmed: (p: { until: string }) => `你已经确认过了，正在等另一个账号确认（${p.until} 前）。`,
    merged: (p: { accounts: string }) => `关联完成：${p.accounts}现在是同一个成员。发送 /whoami 查看。`,
    alreadyMerged: '这些账号已经关联好了，不需要再确认。',
    refused: '已拒绝，没有关联任何账号。',
    refusedByOther: '另一方拒绝了这次关联，没有关联任何账号。',
    wasRefused: '这次关联已经被拒绝，没有关联任何账号。如需关联，请重新发送 /link。',
    expired: '这次关联请求已经过期，没有关联任何账号。如需关联，请重新发送 /link。',
    blocked: '这次关联现在无法完成：输入关联码的账号在此期间获得了工作人员或管理员身份，或者两边已经有同一平台的账号。没有关联任何账号。',
    unknown: '这个关联请求已经不存在，或者与你的账号无关。',
    triedAgain: (p: { account: string }) =>
      `另一个账号（${p.account}）也尝试使用你的关联码，已被拒绝。如果正在等你确认的账号不是你本人的，请点“拒绝”。`,
    account: (p: { platform: string; name: string }) => `${p.platform}「${p.name}」`,
    separator: '、',
  },
  en: {
    created: (p: { code: string; until: string }) => [
      `Link code: ${p.code} (valid until ${p.until}, one use).`,
      `From your account on another platform (for example Telegram or Discord), send me privately: /link ${p.code}`,
      'Then both accounts confirm before anything is linked.',
    ].join('\n'),
    invalid: 'This link code is invalid, already used or expired. Send /link again from your first account.',
    self: 'This link code was made by the account you are using (or by one already linked to it). Type it on your account on another platform.',
    samePlatform: (p: { platform: string }) =>
      `Cannot link: both sides have a ${p.platform} account. Only accounts on different platforms can be linked (for example Telegram and Discord); `
      + 'type the code on your account on another platform.',
    privileged: [
      'You cannot type a link code on this account: it has a staff, lead or admin role, and such roles never come from the side that types the code.',
      'If both accounts are yours: send /link on this account and type the new code on your other account.',
      'If someone asked you to type this code: do not. It would put your account under theirs.',
    ].join('\n'),
    busy: 'A link request is already waiting for confirmation. Press "Link them" or "Refuse" on it first, or try again once it has expired.',
    askRedeemer: (p: { creator: string; redeemer: string; until: string }) => [
      'Link these accounts as one person?',
      `· The side that made the code: ${p.creator}`,
      `· Your side: ${p.redeemer}`,
      'Once linked, tickets, surveys and history are put together; every account sees all of it and acts as the same person.',
      'Confirm only if all of these accounts are yours. If someone asked you to type this code, press "Refuse".',
      `Nothing is linked until both accounts confirmed (before ${p.until}).`,
    ].join('\n'),
    askCreator: (p: { creator: string; redeemer: string; until: string }) => [
      'An account typed your link code:',
      `· Your side: ${p.creator}`,
      `· The side that typed the code: ${p.redeemer}`,
      'Once linked, tickets, surveys, roles and history are put together; every account sees all of it and acts as the same person.',
      'If the account that typed the code is not yours, someone else has your code: press "Refuse".',
      `Nothing is linked until both accounts confirmed (before ${p.until}).`,
    ].join('\n'),
    confirmButton: 'Link them',
    refuseButton: 'Refuse',
    confirmed: (p: { until: string }) => `Confirmed. Now confirm on your other account too (before ${p.until}).`,
    alreadyConfirmed: (p: { until: string }) => `You already confirmed; waiting for the other account (until ${p.until}).`,
    merged: (p: { accounts: string }) => `Linked: ${p.accounts} are now one member. Send /whoami to see.`,
    alreadyMerged: 'These accounts are already linked; there is nothing more to confirm.',
    refused: 'Refused. Nothing was linked.',
    refusedByOther: 'The other side refused this link. Nothing was linked.',
    wasRefused: 'This link was refused; nothing was linked. Send /link again if you want to link.',
    expired: 'This link request expired; nothing was linked. Send /link again if you want to link.',
    blocked: 'This link cannot be completed now: the account that typed the code got a staff or admin role meanwhile, or both sides now have an account on the same platform. Nothing was linked.',
    unknown: 'This link request no longer exists or is not about your account.',
    triedAgain: (p: { account: string }) =>
      `Another account (${p.account}) also tried to use your link code and was refused. If the account waiting for your confirmation is not yours, press "Refuse".`,
    account: (p: { platform: string; name: string }) => `${p.platform} "${p.name}"`,
    separator: ', ',
  },
});
