/** opencc-js ships its dictionaries as ES modules whose default export is "from to|from to|…". */
declare module 'opencc-js/dict/*' {
  const dictionary: string;
  export default dictionary;
}

