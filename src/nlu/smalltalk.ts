/**
 * What kind of small talk a message is, for an answer that fits: a thank-you, a plain "OK", or
 * anything else (a greeting, chit-chat). Not a slot: SPEC §4 fixes the slot keys.
 */
export type SmalltalkKind = 'thanks' | 'ack' | 'other';

const THANKS = /谢谢|多谢|感谢|谢啦|谢了|thanks|thank you|\bthx\b|\bty\b/iu;
const ACK = /^(?:好的?|好滴|嗯+|哦+|噢+|行|收到|知道了|明白了?|ok(?:ay)?|got it|sure|alright|cool)[\s,，!！。.~～👌]*$/iu;

export function smalltalkKind(text: string): SmalltalkKind {
  const t = text.trim();
  return THANKS.test(t) ? 'thanks' : ACK.test(t) ? 'ack' : 'other';
}
